#include "core/volume/volume_schema.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::volume {
namespace {

const std::vector<store::Migration> migrations = {
    {1, "volume types, pools, volumes, snapshots, attachments, block device mappings",
     R"sql(
CREATE TABLE volume_types (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
  is_public INTEGER NOT NULL);
CREATE TABLE volume_type_extra_specs (
  type_id TEXT NOT NULL REFERENCES volume_types(id) ON DELETE CASCADE, key TEXT NOT NULL,
  value TEXT NOT NULL, PRIMARY KEY (type_id, key));
CREATE TABLE volume_pools (
  name TEXT PRIMARY KEY, position INTEGER NOT NULL, backend_name TEXT NOT NULL,
  availability_zone TEXT NOT NULL, storage_endpoint TEXT NOT NULL,
  total_capacity_gb REAL NOT NULL, reserved_percentage INTEGER NOT NULL,
  thin_provisioning_support INTEGER NOT NULL, thick_provisioning_support INTEGER NOT NULL,
  max_over_subscription_ratio REAL NOT NULL, total_iops INTEGER NOT NULL,
  multiattach INTEGER NOT NULL);
CREATE TABLE volume_pool_capabilities (
  pool TEXT NOT NULL REFERENCES volume_pools(name) ON DELETE CASCADE, key TEXT NOT NULL,
  kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (pool, key));
CREATE TABLE volume_volumes (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL,
  attach_status TEXT NOT NULL, size INTEGER NOT NULL, availability_zone TEXT NOT NULL,
  volume_type_id TEXT NOT NULL REFERENCES volume_types(id), host TEXT NOT NULL,
  bootable INTEGER NOT NULL, multiattach INTEGER NOT NULL, snapshot_id TEXT NOT NULL,
  source_volid TEXT NOT NULL, image_id TEXT NOT NULL, project_id TEXT NOT NULL,
  user_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX volume_volumes_host ON volume_volumes(host);
CREATE INDEX volume_volumes_project ON volume_volumes(project_id);
CREATE TABLE volume_snapshots (
  id TEXT PRIMARY KEY, volume_id TEXT NOT NULL REFERENCES volume_volumes(id),
  name TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL, size INTEGER NOT NULL,
  project_id TEXT NOT NULL, user_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE INDEX volume_snapshots_volume ON volume_snapshots(volume_id);
CREATE TABLE volume_attachments (
  id TEXT PRIMARY KEY, volume_id TEXT NOT NULL REFERENCES volume_volumes(id) ON DELETE CASCADE,
  server_id TEXT NOT NULL, host_name TEXT NOT NULL, device TEXT NOT NULL,
  connection_target TEXT NOT NULL, attach_status TEXT NOT NULL, attach_mode TEXT NOT NULL,
  attached_at INTEGER);
CREATE INDEX volume_attachments_volume ON volume_attachments(volume_id);
CREATE INDEX volume_attachments_server ON volume_attachments(server_id);
CREATE TABLE volume_block_device_mappings (
  instance_uuid TEXT NOT NULL, position INTEGER NOT NULL, source_type TEXT NOT NULL,
  destination_type TEXT NOT NULL, uuid TEXT NOT NULL, volume_size INTEGER NOT NULL,
  boot_index INTEGER NOT NULL, delete_on_termination INTEGER NOT NULL,
  volume_id TEXT NOT NULL, PRIMARY KEY (instance_uuid, position));
)sql"},
};

}  // namespace

void ensure_volume_schema(store::Database& db) {
  store::migrate(db, "volume", migrations);
}

}  // namespace stacksim::volume
