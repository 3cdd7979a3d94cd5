#pragma once
// A SQLite database file (or :memory:): WAL journal, foreign keys on, a busy timeout, and a cache
// of prepared statements. Services keep their state here; nothing builds SQL from values.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/store/statement.hpp"

struct sqlite3;

namespace stacksim::store {

struct OpenOptions {
  bool create = true;      // create the file if missing
  bool read_only = false;  // open without write access
  int busy_timeout_ms = 5000;
};

class Database {
 public:
  /// Opens (and by default creates) a database file; WAL mode and foreign keys are switched on.
  static Database open(const std::filesystem::path& path, OpenOptions options = {});
  /// A private in-memory database, for tests and scratch work.
  static Database open_in_memory();

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  /// A new prepared statement (exactly one SQL statement).
  [[nodiscard]] Statement prepare(std::string_view sql) const;
  /// A prepared statement kept for reuse, reset and with cleared bindings. Valid until the next
  /// call to cached() with the same SQL text.
  Statement& cached(std::string_view sql);
  /// Runs a parameterless script of one or more statements, each prepared in turn.
  void execute_script(std::string_view sql);

  [[nodiscard]] std::int64_t last_insert_rowid() const;
  [[nodiscard]] int changes() const;
  [[nodiscard]] const std::string& name() const noexcept;
  [[nodiscard]] std::string journal_mode() const;
  [[nodiscard]] sqlite3* handle() const noexcept;

 private:
  struct Impl;
  static std::unique_ptr<Impl> connect(const std::string& filename, int flags,
                                       const std::string& name);
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stacksim::store
