#include "core/store/migrations.hpp"

#include "core/store/store_error.hpp"
#include "core/store/transaction.hpp"

namespace stacksim::store {

static void ensure_version_table(Database& db) {
  db.cached(
        "CREATE TABLE IF NOT EXISTS schema_versions ("
        "component TEXT PRIMARY KEY, version INTEGER NOT NULL, "
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))")
      .execute();
}

int schema_version(Database& db, std::string_view component) {
  ensure_version_table(db);
  Statement& q = db.cached("SELECT version FROM schema_versions WHERE component = ?1");
  q.bind(1, component);
  const int version = q.step() ? q.column_int(0) : 0;
  q.reset();
  return version;
}

int migrate(Database& db, std::string_view component, std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      throw StoreError(db.name(), "",
                       "migrations of " + std::string(component) +
                           " must be numbered 1, 2, 3, ...; entry " + std::to_string(i) +
                           " has version " + std::to_string(migrations[i].version));
    }
  }
  int current = schema_version(db, component);
  const int latest = static_cast<int>(migrations.size());
  if (current > latest) {
    throw StoreError(db.name(), "",
                     std::string(component) + " schema is at version " + std::to_string(current) +
                         " but this stacksim knows only up to " + std::to_string(latest) +
                         "; refusing to use a newer database");
  }
  for (; current < latest; ++current) {
    const Migration& m = migrations[static_cast<std::size_t>(current)];
    Transaction tx(db);
    try {
      db.execute_script(m.sql);
    } catch (const StoreError& e) {
      throw StoreError(db.name(), "",
                       "migration " + std::to_string(m.version) + " (" + m.name + ") of " +
                           std::string(component) + " failed: " + e.what());
    }
    Statement& record = db.cached(
        "INSERT INTO schema_versions(component, version) VALUES (?1, ?2) "
        "ON CONFLICT(component) DO UPDATE SET version = excluded.version, "
        "applied_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')");
    record.bind(1, component).bind(2, m.version).execute();
    tx.commit();
  }
  return current;
}

}  // namespace stacksim::store
