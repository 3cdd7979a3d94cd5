#pragma once
// Every failure of the SQLite layer: names the database file, the statement and SQLite's message.

#include <stdexcept>
#include <string>

namespace stacksim::store {

class StoreError : public std::runtime_error {
 public:
  StoreError(const std::string& database, const std::string& sql, const std::string& message)
      : std::runtime_error(describe(database, sql, message)), sqlite_message_(message) {}

  [[nodiscard]] const std::string& sqlite_message() const noexcept { return sqlite_message_; }

 private:
  static std::string describe(const std::string& database, const std::string& sql,
                              const std::string& message) {
    std::string text = "database " + (database.empty() ? std::string(":memory:") : database);
    text += ": " + message;
    if (!sql.empty()) text += " (in SQL: " + sql + ")";
    return text;
  }
  std::string sqlite_message_;
};

}  // namespace stacksim::store
