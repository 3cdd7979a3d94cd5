#include "core/telemetry/telemetry_schema.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::telemetry {
namespace {

const std::vector<store::Migration> migrations = {
    {1, "samples, resource groups, alarms",
     R"sql(
CREATE TABLE telemetry_samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT, meter TEXT NOT NULL, unit TEXT NOT NULL,
  resource_id TEXT NOT NULL, timestamp_ns INTEGER NOT NULL, volume REAL NOT NULL);
CREATE INDEX telemetry_samples_by_meter ON telemetry_samples(meter, timestamp_ns);
CREATE TABLE telemetry_group_members (
  group_name TEXT NOT NULL, resource_id TEXT NOT NULL, PRIMARY KEY (group_name, resource_id));
CREATE TABLE telemetry_alarms (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, state TEXT NOT NULL,
  state_timestamp_ns INTEGER NOT NULL);
CREATE TABLE telemetry_alarm_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id TEXT NOT NULL, timestamp_ns INTEGER NOT NULL,
  previous_state TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL);
)sql"},
};

}  // namespace

void migrate_telemetry_schema(store::Database& db) {
  store::migrate(db, "telemetry", migrations);
}

}  // namespace stacksim::telemetry
