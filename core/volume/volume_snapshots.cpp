// VolumeService: snapshots. A snapshot lives on its volume's pool (copy on write, so no data moves
// through the StorageDriver); it counts against the snapshots quota and, unless
// no_snapshot_gb_quota, the gigabytes quota. A volume with snapshots cannot be deleted.

#include "core/store/savepoint.hpp"
#include "core/volume/volume_error.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::volume {
namespace {

std::int64_t ticks(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}

}  // namespace

std::optional<Snapshot> VolumeService::load_snapshot(const std::string& id) {
  store::Statement& s = db_.cached(
      "SELECT id, volume_id, name, description, status, size, project_id, user_id, created_at, "
      "updated_at FROM volume_snapshots WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    return std::nullopt;
  }
  Snapshot snap;
  snap.id = s.column_text(0);
  snap.volume_id = s.column_text(1);
  snap.name = s.column_text(2);
  snap.description = s.column_text(3);
  snap.status = parse_snapshot_status(s.column_text(4));
  snap.size = s.column_int64(5);
  snap.project_id = s.column_text(6);
  snap.user_id = s.column_text(7);
  snap.created_at = runtime::TimePoint(runtime::Duration(s.column_int64(8)));
  snap.updated_at = runtime::TimePoint(runtime::Duration(s.column_int64(9)));
  s.reset();
  return snap;
}

void VolumeService::save(Snapshot& snapshot) {
  snapshot.updated_at = executor_.now();
  db_.cached(
         "INSERT INTO volume_snapshots VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
         "ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
         "description = excluded.description, status = excluded.status, "
         "updated_at = excluded.updated_at")
      .bind_all(snapshot.id, snapshot.volume_id, snapshot.name, snapshot.description,
                to_string(snapshot.status), snapshot.size, snapshot.project_id, snapshot.user_id,
                ticks(snapshot.created_at), ticks(snapshot.updated_at))
      .execute();
}

Snapshot VolumeService::visible_snapshot(const identity::RequestContext& ctx, const std::string& id,
                                         const std::string& action) {
  std::optional<Snapshot> snap = load_snapshot(id);
  if (!snap || (!is_admin(ctx) && snap->project_id != ctx.project_id)) {
    throw snapshot_not_found(id);
  }
  identity_.policy().enforce(action, ctx, {{"project_id", snap->project_id}});
  return *snap;
}

Snapshot VolumeService::create_snapshot(const identity::RequestContext& ctx,
                                        const std::string& volume_id, const std::string& name,
                                        const std::string& description, bool force) {
  const Volume volume = visible_volume(ctx, volume_id, "volume:create_snapshot");
  if (volume.host.empty()) {
    throw invalid_volume(
        "The snapshot cannot be created because volume has not been scheduled to any host.");
  }
  if (volume.status == VolumeStatus::error) {
    throw invalid_volume("The snapshot cannot be created when the volume is in error status.");
  }
  const bool allowed =
      volume.status == VolumeStatus::available || (force && volume.status == VolumeStatus::in_use);
  if (!allowed) {
    throw invalid_volume("Volume " + volume.id + " status must be " +
                         (force ? "available, in-use" : "available") +
                         ", but current status is: " + std::string(to_string(volume.status)) + ".");
  }
  identity::QuotaDeltas deltas = {{"snapshots", 1}};
  if (!config_.no_snapshot_gb_quota) deltas["gigabytes"] = volume.size;
  const std::string reservation = reserve_quota(ctx.project_id, deltas);
  Snapshot snap;
  snap.id = next_id();
  snap.volume_id = volume.id;
  snap.name = name;
  snap.description = description;
  snap.size = volume.size;
  snap.project_id = ctx.project_id;
  snap.user_id = ctx.user_id;
  snap.created_at = executor_.now();
  try {
    save(snap);
  } catch (...) {
    identity_.quotas().rollback(reservation);
    throw;
  }
  identity_.quotas().commit(reservation);
  start(run_create_snapshot(snap));
  return snap;
}

runtime::Task<void> VolumeService::run_create_snapshot(Snapshot snapshot) {
  std::optional<Snapshot> current = load_snapshot(snapshot.id);
  if (!current) co_return;
  current->status = SnapshotStatus::available;
  save(*current);
}

Snapshot VolumeService::get_snapshot(const identity::RequestContext& ctx, const std::string& id) {
  return visible_snapshot(ctx, id, "volume:get_snapshot");
}

std::vector<Snapshot> VolumeService::list_snapshots(const identity::RequestContext& ctx,
                                                    bool all_tenants) {
  identity_.policy().enforce("volume:get_all_snapshots", ctx, {{"project_id", ctx.project_id}});
  const bool all = all_tenants && is_admin(ctx);
  store::Statement& s = db_.cached(
      "SELECT id FROM volume_snapshots WHERE ?1 OR project_id = ?2 ORDER BY created_at, id");
  s.bind_all(all, ctx.project_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<Snapshot> out;
  for (const std::string& id : ids)
    out.push_back(*load_snapshot(id));
  return out;
}

void VolumeService::delete_snapshot(const identity::RequestContext& ctx, const std::string& id) {
  Snapshot snap = visible_snapshot(ctx, id, "volume:delete_snapshot");
  if (snap.status != SnapshotStatus::available && snap.status != SnapshotStatus::error) {
    throw invalid_snapshot(
        "Snapshot status must be available or error and must not be part of a "
        "group.");
  }
  snap.status = SnapshotStatus::deleting;
  save(snap);
  start(run_delete_snapshot(snap));
}

runtime::Task<void> VolumeService::run_delete_snapshot(Snapshot snapshot) {
  store::Savepoint tx(db_);
  db_.cached("DELETE FROM volume_snapshots WHERE id = ?1").bind(1, snapshot.id).execute();
  identity::QuotaDeltas deltas = {{"snapshots", 1}};
  if (!config_.no_snapshot_gb_quota) deltas["gigabytes"] = snapshot.size;
  identity_.quotas().release(snapshot.project_id, deltas);
  tx.commit();
  co_return;
}

}  // namespace stacksim::volume
