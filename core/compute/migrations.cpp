#include "core/compute/migrations.hpp"

#include <array>

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_schema.hpp"

namespace stacksim::compute {
namespace {

constexpr std::array<std::string_view, 4> type_names = {"migration", "resize", "live-migration",
                                                        "evacuation"};
constexpr const char* columns =
    "SELECT id, uuid, instance_uuid, migration_type, status, source_compute, dest_compute, "
    "old_flavor_id, new_flavor_id, created_at, updated_at FROM compute_migrations";

runtime::TimePoint at(std::int64_t n) {
  return runtime::TimePoint(runtime::Duration(n));
}

Migration read_migration(const store::Statement& s) {
  return {s.column_int64(0),     s.column_text(1),
          s.column_text(2),      parse_migration_type(s.column_text(3)),
          s.column_text(4),      s.column_text(5),
          s.column_text(6),      s.column_text(7),
          s.column_text(8),      at(s.column_int64(9)),
          at(s.column_int64(10))};
}

}  // namespace

std::string_view to_string(MigrationType type) noexcept {
  return type_names[static_cast<std::size_t>(type)];
}

MigrationType parse_migration_type(std::string_view text) {
  for (std::size_t i = 0; i < type_names.size(); ++i) {
    if (type_names[i] == text) return static_cast<MigrationType>(i);
  }
  throw invalid_input("unknown migration type '" + std::string(text) + "'");
}

Migrations::Migrations(store::Database& db) : db_((ensure_compute_schema(db), db)) {
}

Migration Migrations::create(Migration m) {
  db_.cached(
         "INSERT INTO compute_migrations(uuid, instance_uuid, migration_type, status, "
         "source_compute, dest_compute, old_flavor_id, new_flavor_id, created_at, updated_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .bind_all(m.uuid, m.instance_uuid, to_string(m.type), m.status, m.source_compute,
                m.dest_compute, m.old_flavor_id, m.new_flavor_id,
                m.created_at.time_since_epoch().count(), m.updated_at.time_since_epoch().count())
      .execute();
  m.id = db_.last_insert_rowid();
  return m;
}

Migration Migrations::get(const std::string& uuid) {
  store::Statement& s = db_.cached(std::string(columns) + " WHERE uuid = ?1");
  s.bind(1, uuid);
  if (!s.step()) {
    throw ServiceError("MigrationNotFound", 404, "Migration " + uuid + " could not be found.");
  }
  Migration m = read_migration(s);
  s.reset();
  return m;
}

void Migrations::save(const Migration& m) {
  db_.cached(
         "UPDATE compute_migrations SET status = ?2, source_compute = ?3, dest_compute = ?4, "
         "new_flavor_id = ?5, updated_at = ?6 WHERE uuid = ?1")
      .bind_all(m.uuid, m.status, m.source_compute, m.dest_compute, m.new_flavor_id,
                m.updated_at.time_since_epoch().count())
      .execute();
}

std::vector<Migration> Migrations::list(std::optional<std::string> instance_uuid) {
  store::Statement& s =
      db_.cached(std::string(columns) + " WHERE ?1 IS NULL OR instance_uuid = ?1 ORDER BY id");
  s.bind(1, instance_uuid);
  std::vector<Migration> out;
  while (s.step())
    out.push_back(read_migration(s));
  return out;
}

std::optional<Migration> Migrations::find(const std::string& instance_uuid, MigrationType type,
                                          const std::string& status) {
  store::Statement& s = db_.cached(std::string(columns) +
                                   " WHERE instance_uuid = ?1 AND migration_type = ?2 AND "
                                   "status = ?3 ORDER BY id DESC LIMIT 1");
  s.bind(1, instance_uuid).bind(2, to_string(type)).bind(3, status);
  if (!s.step()) return std::nullopt;
  Migration m = read_migration(s);
  s.reset();
  return m;
}

std::vector<Migration> Migrations::from_source(const std::string& source, MigrationType type,
                                               const std::string& status) {
  store::Statement& s = db_.cached(std::string(columns) +
                                   " WHERE source_compute = ?1 AND migration_type = ?2 AND "
                                   "status = ?3 ORDER BY id");
  s.bind(1, source).bind(2, to_string(type)).bind(3, status);
  std::vector<Migration> out;
  while (s.step())
    out.push_back(read_migration(s));
  return out;
}

}  // namespace stacksim::compute
