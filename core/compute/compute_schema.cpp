#include "core/compute/compute_schema.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::compute {
namespace {

const std::vector<store::Migration> migrations = {
    {1, "flavors and keypairs",
     R"sql(
CREATE TABLE compute_flavors (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, vcpus INTEGER NOT NULL,
  memory_mb INTEGER NOT NULL, root_gb INTEGER NOT NULL, ephemeral_gb INTEGER NOT NULL,
  swap_mb INTEGER NOT NULL, rxtx_factor REAL NOT NULL, is_public INTEGER NOT NULL,
  disabled INTEGER NOT NULL);
CREATE TABLE compute_flavor_extra_specs (
  flavor_id TEXT NOT NULL REFERENCES compute_flavors(id) ON DELETE CASCADE, key TEXT NOT NULL,
  value TEXT NOT NULL, PRIMARY KEY (flavor_id, key));
CREATE TABLE compute_flavor_projects (
  flavor_id TEXT NOT NULL REFERENCES compute_flavors(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL, PRIMARY KEY (flavor_id, project_id));
CREATE TABLE compute_keypairs (
  user_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, public_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (user_id, name));
)sql"},
    {2, "aggregates, server groups, services, compute nodes",
     R"sql(
CREATE TABLE compute_aggregates (
  id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL);
CREATE TABLE compute_aggregate_metadata (
  aggregate_id INTEGER NOT NULL REFERENCES compute_aggregates(id) ON DELETE CASCADE,
  key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (aggregate_id, key));
CREATE TABLE compute_aggregate_hosts (
  aggregate_id INTEGER NOT NULL REFERENCES compute_aggregates(id) ON DELETE CASCADE,
  host TEXT NOT NULL, PRIMARY KEY (aggregate_id, host));
CREATE TABLE compute_server_groups (
  uuid TEXT PRIMARY KEY, name TEXT NOT NULL, project_id TEXT NOT NULL, user_id TEXT NOT NULL,
  policy TEXT NOT NULL, max_server_per_host INTEGER, created_at INTEGER NOT NULL);
CREATE TABLE compute_server_group_members (
  group_uuid TEXT NOT NULL REFERENCES compute_server_groups(uuid) ON DELETE CASCADE,
  instance_uuid TEXT NOT NULL PRIMARY KEY);
CREATE TABLE compute_services (
  host TEXT PRIMARY KEY, binary TEXT NOT NULL, disabled INTEGER NOT NULL,
  disabled_reason TEXT NOT NULL, forced_down INTEGER NOT NULL, started_at INTEGER NOT NULL,
  stopped_at INTEGER, failed_builds INTEGER NOT NULL);
CREATE TABLE compute_nodes (
  host TEXT PRIMARY KEY, position INTEGER NOT NULL UNIQUE, vcpus INTEGER NOT NULL,
  memory_mb INTEGER NOT NULL, local_gb INTEGER NOT NULL, cpu_arch TEXT NOT NULL,
  hypervisor_type TEXT NOT NULL, hypervisor_version INTEGER NOT NULL);
)sql"},
    {3, "instances, faults, migrations, allocations",
     R"sql(
CREATE TABLE compute_instances (
  uuid TEXT PRIMARY KEY, name TEXT NOT NULL, project_id TEXT NOT NULL, user_id TEXT NOT NULL,
  flavor TEXT NOT NULL, old_flavor TEXT, new_flavor TEXT, image_id TEXT NOT NULL,
  image_properties TEXT NOT NULL, key_name TEXT NOT NULL, server_group TEXT NOT NULL,
  availability_zone TEXT NOT NULL, host TEXT NOT NULL, vm_state TEXT NOT NULL, task_state TEXT,
  power_state INTEGER NOT NULL, launched_at INTEGER, terminated_at INTEGER,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, reservation_id TEXT NOT NULL,
  launch_index INTEGER NOT NULL, hints TEXT NOT NULL, deleted INTEGER NOT NULL);
CREATE INDEX compute_instances_host ON compute_instances(host) WHERE deleted = 0;
CREATE INDEX compute_instances_project ON compute_instances(project_id);
CREATE TABLE compute_instance_faults (
  id INTEGER PRIMARY KEY AUTOINCREMENT, instance_uuid TEXT NOT NULL, code INTEGER NOT NULL,
  message TEXT NOT NULL, details TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE compute_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, instance_uuid TEXT NOT NULL,
  migration_type TEXT NOT NULL, status TEXT NOT NULL, source_compute TEXT NOT NULL,
  dest_compute TEXT NOT NULL, old_flavor_id TEXT NOT NULL, new_flavor_id TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE compute_allocations (
  consumer_uuid TEXT PRIMARY KEY, host TEXT NOT NULL, request TEXT NOT NULL);
)sql"},
};

}  // namespace

void ensure_compute_schema(store::Database& db) {
  store::migrate(db, "compute", migrations);
}

}  // namespace stacksim::compute
