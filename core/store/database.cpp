#include "core/store/database.hpp"

#include <sqlite3.h>

#include "core/store/store_error.hpp"

namespace stacksim::store {

struct Database::Impl {
  sqlite3* db = nullptr;
  std::string name;
  std::unordered_map<std::string, Statement> cache;

  ~Impl() {
    cache.clear();  // statements must be finalised before the connection closes
    sqlite3_close_v2(db);
  }
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

std::unique_ptr<Database::Impl> Database::connect(const std::string& filename, int flags,
                                                  const std::string& name) {
  auto impl = std::make_unique<Database::Impl>();
  impl->name = name;
  const int rc = sqlite3_open_v2(filename.c_str(), &impl->db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = impl->db ? sqlite3_errmsg(impl->db) : sqlite3_errstr(rc);
    throw StoreError(name, "", "cannot open: " + message);
  }
  sqlite3_extended_result_codes(impl->db, 1);
  return impl;
}

Database Database::open(const std::filesystem::path& path, OpenOptions options) {
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  Database db(connect(path.string(), flags, path.string()));
  sqlite3_busy_timeout(db.handle(), options.busy_timeout_ms);
  if (!options.read_only) {
    Statement wal = db.prepare("PRAGMA journal_mode=WAL");
    while (wal.step()) {
    }
    db.prepare("PRAGMA synchronous=NORMAL").execute();
  }
  db.prepare("PRAGMA foreign_keys=ON").execute();
  return db;
}

Database Database::open_in_memory() {
  Database db(connect(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, ":memory:"));
  db.prepare("PRAGMA foreign_keys=ON").execute();
  return db;
}

Statement Database::prepare(std::string_view sql) const {
  return Statement(impl_->db, impl_->name, sql);
}

Statement& Database::cached(std::string_view sql) {
  auto it = impl_->cache.find(std::string(sql));
  if (it == impl_->cache.end()) {
    it = impl_->cache.emplace(std::string(sql), prepare(sql)).first;
  } else {
    it->second.reset();
  }
  return it->second;
}

void Database::execute_script(std::string_view sql) {
  const char* cursor = sql.data();
  const char* end = sql.data() + sql.size();
  while (cursor < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v2(impl_->db, cursor, static_cast<int>(end - cursor), &stmt, &tail);
    if (rc != SQLITE_OK) {
      throw StoreError(impl_->name, std::string(cursor, end), sqlite3_errmsg(impl_->db));
    }
    if (stmt == nullptr) break;  // only whitespace or comments left
    const std::string text(cursor, tail);
    int step_rc;
    while ((step_rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_finalize(stmt);
    if (step_rc != SQLITE_DONE) throw StoreError(impl_->name, text, sqlite3_errmsg(impl_->db));
    cursor = tail;
  }
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(impl_->db);
}
int Database::changes() const {
  return sqlite3_changes(impl_->db);
}
const std::string& Database::name() const noexcept {
  return impl_->name;
}
sqlite3* Database::handle() const noexcept {
  return impl_->db;
}

std::string Database::journal_mode() const {
  Statement s = prepare("PRAGMA journal_mode");
  return s.step() ? s.column_text(0) : std::string();
}

}  // namespace stacksim::store
