#include "core/store/statement.hpp"

#include <sqlite3.h>

#include <utility>

#include "core/store/store_error.hpp"

namespace stacksim::store {

Statement::Statement(sqlite3* db, std::string database_name, std::string_view sql)
    : db_(db), database_name_(std::move(database_name)) {
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, &tail);
  if (rc != SQLITE_OK) {
    throw StoreError(database_name_, std::string(sql), sqlite3_errmsg(db_));
  }
  if (stmt_ == nullptr) {
    throw StoreError(database_name_, std::string(sql), "empty statement");
  }
  const std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    throw StoreError(database_name_, std::string(sql),
                     "more than one statement given to prepare (use Database::execute_script)");
  }
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      database_name_(std::move(other.database_name_)) {
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    database_name_ = std::move(other.database_name_);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::fail(int code) const {
  (void)code;
  throw StoreError(database_name_, sql(), sqlite3_errmsg(db_));
}

void Statement::check_bind(int code, int index) const {
  if (code == SQLITE_OK) return;
  if (code == SQLITE_RANGE) {
    throw StoreError(database_name_, sql(),
                     "no parameter " + std::to_string(index) + " (statement has " +
                         std::to_string(sqlite3_bind_parameter_count(stmt_)) + ")");
  }
  fail(code);
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  check_bind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  check_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  check_bind(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT), index);
  return *this;
}

int Statement::parameter_index(std::string_view name) const {
  const std::string n(name);
  const int index = sqlite3_bind_parameter_index(stmt_, n.c_str());
  if (index == 0) throw StoreError(database_name_, sql(), "no parameter named " + n);
  return index;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw StoreError(database_name_, sql(), message);
}

int Statement::execute() {
  while (step()) {
  }
  const int changed = sqlite3_changes(db_);
  reset();
  return changed;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const {
  return sqlite3_column_count(stmt_);
}

std::string Statement::column_name(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name ? name : "";
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::column_double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::vector<unsigned char> Statement::column_blob(int column) const {
  const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return {data, data + size};
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_int64(column);
}

std::optional<std::string> Statement::column_optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_text(column);
}

std::string Statement::sql() const {
  const char* text = stmt_ ? sqlite3_sql(stmt_) : nullptr;
  return text ? text : "";
}

}  // namespace stacksim::store
