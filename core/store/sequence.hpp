#pragma once
// A named counter kept in the database (table `sequences`), for identifiers that must be
// deterministic and must keep counting after the file is reopened.

#include <cstdint>
#include <string>
#include <utility>

#include "core/store/database.hpp"

namespace stacksim::store {

class Sequence {
 public:
  Sequence(Database& db, std::string name) : db_(db), name_(std::move(name)) {
    db_.cached(
           "CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, next_value INTEGER "
           "NOT NULL)")
        .execute();
  }

  /// The next value: 0, 1, 2, ... (one UPSERT; call inside the caller's transaction if any).
  std::int64_t next() {
    Statement& s = db_.cached(
        "INSERT INTO sequences(name, next_value) VALUES (?1, 1) "
        "ON CONFLICT(name) DO UPDATE SET next_value = next_value + 1 RETURNING next_value - 1");
    s.bind(1, name_);
    s.step();
    const std::int64_t value = s.column_int64(0);
    s.reset();
    return value;
  }

 private:
  Database& db_;
  std::string name_;
};

}  // namespace stacksim::store
