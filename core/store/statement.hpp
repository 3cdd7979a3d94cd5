#pragma once
// A prepared SQLite statement. Values are only ever bound, never spliced into SQL text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3_stmt;
struct sqlite3;

namespace stacksim::store {

class Statement {
 public:
  Statement(sqlite3* db, std::string database_name, std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding; parameter indexes start at 1 as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  Statement& bind(int index, std::nullopt_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  Statement& bind_blob(int index, const void* data, std::size_t size);
  /// Binds by name (":name", "@name" or "$name" as written in the SQL).
  int parameter_index(std::string_view name) const;

  /// Binds every argument in order, starting at index 1.
  template <class... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  /// Advances: true when a row is available, false when the statement is done.
  bool step();
  /// Runs a statement that returns no rows (or ignores them); returns the number of changed rows.
  int execute();
  void reset();  // also clears bindings

  [[nodiscard]] int column_count() const;
  [[nodiscard]] std::string column_name(int column) const;
  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t column_int64(int column) const;
  [[nodiscard]] int column_int(int column) const { return static_cast<int>(column_int64(column)); }
  [[nodiscard]] double column_double(int column) const;
  [[nodiscard]] std::string column_text(int column) const;
  [[nodiscard]] std::vector<unsigned char> column_blob(int column) const;
  [[nodiscard]] std::optional<std::int64_t> column_optional_int64(int column) const;
  [[nodiscard]] std::optional<std::string> column_optional_text(int column) const;

  [[nodiscard]] std::string sql() const;

 private:
  [[noreturn]] void fail(int code) const;
  void check_bind(int code, int index) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string database_name_;
};

}  // namespace stacksim::store
