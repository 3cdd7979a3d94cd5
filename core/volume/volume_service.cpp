#include "core/volume/volume_service.hpp"

#include <algorithm>

#include "core/runtime/spawn.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"
#include "core/volume/volume_error.hpp"
#include "core/volume/volume_policies.hpp"
#include "core/volume/volume_schema.hpp"

namespace stacksim::volume {
namespace {

constexpr std::int64_t gib = std::int64_t{1} << 30;

std::int64_t ticks(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}
runtime::TimePoint from_ticks(std::int64_t t) {
  return runtime::TimePoint(runtime::Duration(t));
}

constexpr const char* volume_columns =
    "id, name, description, status, attach_status, size, availability_zone, volume_type_id, "
    "host, bootable, multiattach, snapshot_id, source_volid, image_id, project_id, user_id, "
    "created_at, updated_at";

}  // namespace

VolumeService::VolumeService(store::Database& db, runtime::Executor& executor,
                             runtime::StorageDriver& storage, identity::IdentityService& identity,
                             image::ImageService& images, VolumeConfig config)
    : db_((ensure_volume_schema(db), db)),
      executor_(executor),
      storage_(storage),
      identity_(identity),
      images_(images),
      config_(std::move(config)),
      scheduler_(config_.scheduler),
      ids_(db, "volume.ids") {
  identity_.policy().register_defaults(volume_policy_defaults());
  if (!find_type(config_.default_volume_type)) {
    VolumeType type;
    type.id = next_id();
    type.name = config_.default_volume_type;
    type.description = "Default Volume Type";
    save(type);
  }
}

std::string VolumeService::next_id() {
  return runtime::Uuid::at(config_.id_seed, static_cast<std::uint64_t>(ids_.next())).str();
}

void VolumeService::start(runtime::Task<void> task) {
  runtime::spawn(executor_, std::move(task));
}

bool VolumeService::is_admin(const identity::RequestContext& ctx) const {
  return identity_.policy().is_admin(ctx);
}

std::string VolumeService::reserve_quota(const std::string& project_id,
                                         const identity::QuotaDeltas& deltas) {
  try {
    return identity_.quotas().reserve(project_id, deltas);
  } catch (const identity::QuotaExceeded& e) {
    // Cinder's _process_reserve_over_quota: gigabytes first, then the count that went over.
    for (const identity::QuotaOver& over : e.overs()) {
      if (over.resource == "gigabytes") {
        throw volume_size_exceeds_available_quota("gigabytes", deltas.at("gigabytes"), over.allowed,
                                                  over.used);
      }
    }
    const identity::QuotaOver& over = e.overs().front();
    if (over.resource == "snapshots") throw snapshot_limit_exceeded(over.allowed);
    throw volume_limit_exceeded(over.allowed);
  }
}

// --- records ---

std::optional<Volume> VolumeService::load(const std::string& id) {
  std::vector<Volume> found = load_where("id = ?1", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Volume> VolumeService::load_where(const std::string& where, const std::string& arg) {
  store::Statement& s =
      db_.cached(std::string("SELECT ") + volume_columns + " FROM volume_volumes WHERE " + where +
                 " ORDER BY created_at, id");
  if (!arg.empty()) s.bind(1, arg);
  std::vector<Volume> out;
  while (s.step()) {
    Volume v;
    v.id = s.column_text(0);
    v.name = s.column_text(1);
    v.description = s.column_text(2);
    v.status = parse_volume_status(s.column_text(3));
    v.attach_status = parse_attach_status(s.column_text(4));
    v.size = s.column_int64(5);
    v.availability_zone = s.column_text(6);
    v.volume_type_id = s.column_text(7);
    v.host = s.column_text(8);
    v.bootable = s.column_int(9) != 0;
    v.multiattach = s.column_int(10) != 0;
    v.snapshot_id = s.column_text(11);
    v.source_volid = s.column_text(12);
    v.image_id = s.column_text(13);
    v.project_id = s.column_text(14);
    v.user_id = s.column_text(15);
    v.created_at = from_ticks(s.column_int64(16));
    v.updated_at = from_ticks(s.column_int64(17));
    out.push_back(std::move(v));
  }
  s.reset();
  for (Volume& v : out) {
    store::Statement& type = db_.cached("SELECT name FROM volume_types WHERE id = ?1");
    type.bind(1, v.volume_type_id);
    if (type.step()) v.volume_type = type.column_text(0);
    type.reset();
    store::Statement& att =
        db_.cached("SELECT id FROM volume_attachments WHERE volume_id = ?1 ORDER BY rowid");
    att.bind(1, v.id);
    std::vector<std::string> ids;
    while (att.step())
      ids.push_back(att.column_text(0));
    att.reset();
    for (const std::string& id : ids) {
      if (std::optional<VolumeAttachment> a = load_attachment(id)) v.attachments.push_back(*a);
    }
  }
  return out;
}

void VolumeService::save(Volume& volume) {
  volume.updated_at = executor_.now();
  db_.cached(
         "INSERT INTO volume_volumes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
         "?13, ?14, ?15, ?16, ?17, ?18) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
         "description = excluded.description, status = excluded.status, "
         "attach_status = excluded.attach_status, size = excluded.size, "
         "availability_zone = excluded.availability_zone, "
         "volume_type_id = excluded.volume_type_id, host = excluded.host, "
         "bootable = excluded.bootable, multiattach = excluded.multiattach, "
         "image_id = excluded.image_id, updated_at = excluded.updated_at")
      .bind_all(volume.id, volume.name, volume.description, to_string(volume.status),
                to_string(volume.attach_status), volume.size, volume.availability_zone,
                volume.volume_type_id, volume.host, volume.bootable, volume.multiattach,
                volume.snapshot_id, volume.source_volid, volume.image_id, volume.project_id,
                volume.user_id, ticks(volume.created_at), ticks(volume.updated_at))
      .execute();
}

void VolumeService::set_status(const std::string& id, VolumeStatus status) {
  std::optional<Volume> volume = load(id);
  if (!volume) return;
  volume->status = status;
  save(*volume);
}

Volume VolumeService::visible_volume(const identity::RequestContext& ctx, const std::string& id,
                                     const std::string& action) {
  std::optional<Volume> volume = load(id);
  if (!volume || (!is_admin(ctx) && volume->project_id != ctx.project_id)) {
    throw volume_not_found(id);
  }
  identity_.policy().enforce(action, ctx, {{"project_id", volume->project_id}});
  return *volume;
}

// --- volumes ---

Volume VolumeService::accept_create(const identity::RequestContext& ctx,
                                    const VolumeCreate& request, std::string& reservation) {
  identity_.policy().enforce("volume:create", ctx, {{"project_id", ctx.project_id}});
  const int sources = static_cast<int>(request.snapshot_id.has_value()) +
                      static_cast<int>(request.source_volid.has_value()) +
                      static_cast<int>(request.image_id.has_value());
  if (sources > 1) {
    throw invalid_input("Only one of snapshot_id, source_volid and imageRef may be given.");
  }
  if (request.size < 0 || (request.size == 0 && !request.snapshot_id && !request.source_volid)) {
    throw invalid_input(
        "Invalid volume size provided for create request: " + std::to_string(request.size) +
        " (size argument must be an integer (or string representation of an "
        "integer) and greater than zero).");
  }
  Volume volume;
  volume.size = request.size;
  std::optional<VolumeType> type;
  std::string zone;
  std::optional<Volume> source;
  if (request.snapshot_id) {
    const Snapshot snap = visible_snapshot(ctx, *request.snapshot_id, "volume:get_snapshot");
    if (snap.status != SnapshotStatus::available) {
      throw invalid_input("Originating snapshot status must be one of 'available' values");
    }
    if (volume.size == 0) volume.size = snap.size;
    if (volume.size < snap.size) {
      throw invalid_input("Volume size '" + std::to_string(volume.size) +
                          "'GB cannot be smaller than the snapshot size " +
                          std::to_string(snap.size) +
                          "GB. They must be >= original snapshot size.");
    }
    source = load(snap.volume_id);
    volume.snapshot_id = snap.id;
  }
  if (request.source_volid) {
    source = visible_volume(ctx, *request.source_volid, "volume:get");
    if (source->status != VolumeStatus::available && source->status != VolumeStatus::in_use) {
      throw invalid_input("Originating volume status must be one of 'available, in-use' values");
    }
    if (volume.size == 0) volume.size = source->size;
    if (volume.size < source->size) {
      throw invalid_input("Volume size '" + std::to_string(volume.size) +
                          "'GB cannot be smaller than original volume size  " +
                          std::to_string(source->size) +
                          "GB. They must be >= original volume size.");
    }
    volume.source_volid = source->id;
  }
  if (source) {
    // Clones and volumes from snapshots stay on the source's pool, type and zone.
    type = find_type(source->volume_type_id);
    zone = source->availability_zone;
    volume.host = source->host;
    volume.bootable = source->bootable;
    volume.image_id = source->image_id;
  }
  if (request.image_id) {
    identity_.policy().enforce("volume:create_from_image", ctx, {{"project_id", ctx.project_id}});
    image::Image img;
    try {
      img = images_.get(ctx, *request.image_id);
    } catch (const ServiceError& e) {
      if (e.http_status() == 404) throw image_not_found(*request.image_id);
      throw;
    }
    if (img.status != image::ImageStatus::active) {
      throw invalid_input("Image " + img.id + " is not active.");
    }
    const std::int64_t image_gb = (img.size.value_or(0) + gib - 1) / gib;
    if (image_gb > volume.size) {
      throw invalid_input("Size of specified image " + std::to_string(image_gb) +
                          "GB is larger than volume size " + std::to_string(volume.size) + "GB.");
    }
    if (img.min_disk > volume.size) {
      throw invalid_input("Volume size " + std::to_string(volume.size) +
                          "GB cannot be smaller than the image minDisk size " +
                          std::to_string(img.min_disk) + "GB.");
    }
    volume.image_id = img.id;
    volume.bootable = true;
  }
  if (request.volume_type) {
    std::optional<VolumeType> asked = find_type(*request.volume_type);
    if (!asked) throw volume_type_not_found_by_name(*request.volume_type);
    if (type && type->id != asked->id) {
      throw invalid_input("Invalid volume_type provided: " + asked->name +
                          " (requested type must match source volume, or be omitted). "
                          "You should omit the argument.");
    }
    type = asked;
  }
  if (!type) type = find_type(config_.default_volume_type);
  volume.volume_type_id = type->id;
  volume.volume_type = type->name;
  auto spec = type->extra_specs.find("multiattach");
  volume.multiattach =
      request.multiattach || (spec != type->extra_specs.end() && spec->second == "<is> True");
  if (volume.multiattach) {
    identity_.policy().enforce("volume:multiattach", ctx, {{"project_id", ctx.project_id}});
  }
  if (request.availability_zone) {
    const std::vector<PoolState> pools = pool_states();
    const bool known = std::any_of(pools.begin(), pools.end(), [&](const PoolState& p) {
      return p.availability_zone == *request.availability_zone;
    });
    if (!known || (!zone.empty() && zone != *request.availability_zone)) {
      throw ServiceError("InvalidAvailabilityZone", 400,
                         "Availability zone '" + *request.availability_zone + "' is invalid.");
    }
    zone = *request.availability_zone;
  }
  if (zone.empty()) zone = config_.default_availability_zone;
  volume.availability_zone = zone;

  reservation = reserve_quota(ctx.project_id, {{"volumes", 1}, {"gigabytes", volume.size}});
  volume.id = next_id();
  volume.name = request.name;
  volume.description = request.description;
  volume.project_id = ctx.project_id;
  volume.user_id = ctx.user_id;
  volume.status = VolumeStatus::creating;
  volume.created_at = executor_.now();
  try {
    save(volume);
  } catch (...) {
    identity_.quotas().rollback(reservation);
    throw;
  }
  identity_.quotas().commit(reservation);
  return volume;
}

Volume VolumeService::create_volume(const identity::RequestContext& ctx,
                                    const VolumeCreate& request) {
  std::string reservation;
  Volume volume = accept_create(ctx, request, reservation);
  start(run_create(volume));
  return volume;
}

runtime::Task<Volume> VolumeService::create_volume_and_wait(identity::RequestContext ctx,
                                                            VolumeCreate request) {
  std::string reservation;
  Volume volume = accept_create(ctx, request, reservation);
  co_await run_create(volume);
  co_return *load(volume.id);
}

// The quota was committed at acceptance: an error volume keeps it until deleted, as in Cinder.
runtime::Task<void> VolumeService::run_create(Volume volume) {
  const std::string id = volume.id;
  RequestSpec spec;
  spec.volume_id = id;
  spec.size = volume.size;
  if (std::optional<VolumeType> type = find_type(volume.volume_type_id)) {
    spec.extra_specs = type->extra_specs;
  }
  spec.availability_zone = volume.availability_zone;
  std::vector<PoolState> pools = pool_states();
  if (!volume.host.empty()) {
    // From a snapshot or a clone: only the source's pool.
    std::erase_if(pools, [&](const PoolState& p) { return p.name != volume.host; });
  }
  const std::optional<WeighedPool> chosen = scheduler_.select(pools, spec);
  Volume current = *load(id);
  if (!chosen) {
    current.host.clear();
    current.status = VolumeStatus::error;
    save(current);
    co_return;
  }
  // The scheduler consumes the pool's capacity right away (HostState.consume_from_volume).
  current.host = chosen->pool->name;
  if (current.availability_zone.empty())
    current.availability_zone = chosen->pool->availability_zone;
  save(current);
  const PoolState pool = *chosen->pool;
  bool created = false;
  try {
    // Named arguments only: GCC 12 miscompiles temporaries inside co_await (docs/architecture.md).
    runtime::VolumeSpec volume_spec{id, pool.storage_endpoint, volume.size,
                                    spec.thin() && pool.thin_provisioning_support};
    co_await storage_.create_volume(volume_spec);
    created = true;
    if (!volume.image_id.empty() && volume.snapshot_id.empty() && volume.source_volid.empty()) {
      set_status(id, VolumeStatus::downloading);
      identity::RequestContext admin;
      admin.roles = {"admin"};
      const image::Image img = images_.get(admin, volume.image_id);
      runtime::TransferSpec download{images_.config().store_endpoint, pool.storage_endpoint,
                                     img.size.value_or(0), runtime::TransferKind::image_download,
                                     0};
      co_await storage_.transfer(download);
    }
    set_status(id, VolumeStatus::available);
  } catch (const std::exception&) {
    current = *load(id);
    if (!created) current.host.clear();  // nothing on the backend: no capacity held
    current.status = VolumeStatus::error;
    save(current);
  }
}

Volume VolumeService::get_volume(const identity::RequestContext& ctx, const std::string& id) {
  return visible_volume(ctx, id, "volume:get");
}

std::vector<Volume> VolumeService::list_volumes(const identity::RequestContext& ctx,
                                                bool all_tenants) {
  identity_.policy().enforce("volume:get_all", ctx, {{"project_id", ctx.project_id}});
  if (all_tenants && is_admin(ctx)) return load_where("1", "");
  return load_where("project_id = ?1", ctx.project_id);
}

Volume VolumeService::update_volume(const identity::RequestContext& ctx, const std::string& id,
                                    const std::optional<std::string>& name,
                                    const std::optional<std::string>& description) {
  Volume volume = visible_volume(ctx, id, "volume:update");
  if (name) volume.name = *name;
  if (description) volume.description = *description;
  save(volume);
  return volume;
}

Volume VolumeService::reset_status(const identity::RequestContext& ctx, const std::string& id,
                                   std::optional<VolumeStatus> status,
                                   std::optional<AttachStatus> attach_status) {
  Volume volume = visible_volume(ctx, id, "volume_extension:volume_admin_actions:reset_status");
  if (status) volume.status = *status;
  if (attach_status) volume.attach_status = *attach_status;
  save(volume);
  return volume;
}

void VolumeService::delete_volume(const identity::RequestContext& ctx, const std::string& id) {
  Volume volume = visible_volume(ctx, id, "volume:delete");
  static const std::vector<VolumeStatus> deletable = {VolumeStatus::available, VolumeStatus::error,
                                                      VolumeStatus::error_extending};
  store::Statement& snaps =
      db_.cached("SELECT count(*) FROM volume_snapshots WHERE volume_id = ?1");
  snaps.bind(1, id);
  snaps.step();
  const bool has_snapshots = snaps.column_int64(0) > 0;
  snaps.reset();
  if (std::find(deletable.begin(), deletable.end(), volume.status) == deletable.end() ||
      volume.attach_status != AttachStatus::detached || has_snapshots) {
    throw invalid_volume(
        "Volume status must be available or error or error_restoring or error_extending or "
        "error_managing and must not be migrating, attached, belong to a group, have snapshots, "
        "awaiting a transfer, or be disassociated from snapshots after volume transfer.");
  }
  volume.status = VolumeStatus::deleting;
  save(volume);
  start(run_delete(volume));
}

runtime::Task<void> VolumeService::run_delete(Volume volume) {
  if (!volume.host.empty()) {
    try {
      co_await storage_.delete_volume(volume.id);
    } catch (const std::exception&) {
      set_status(volume.id, VolumeStatus::error_deleting);
      co_return;
    }
  }
  store::Savepoint tx(db_);
  db_.cached("DELETE FROM volume_volumes WHERE id = ?1").bind(1, volume.id).execute();
  identity_.quotas().release(volume.project_id, {{"volumes", 1}, {"gigabytes", volume.size}});
  tx.commit();
}

void VolumeService::extend_volume(const identity::RequestContext& ctx, const std::string& id,
                                  std::int64_t new_size) {
  Volume volume = visible_volume(ctx, id, "volume:extend");
  if (new_size <= volume.size) {
    throw invalid_input("New size for extend must be greater than current size. (current: " +
                        std::to_string(volume.size) + ", extended: " + std::to_string(new_size) +
                        ").");
  }
  if (volume.status != VolumeStatus::available) {
    throw invalid_volume("Volume " + id + " status must be 'available' to extend, currently " +
                         std::string(to_string(volume.status)) + ".");
  }
  const std::string reservation =
      reserve_quota(volume.project_id, {{"gigabytes", new_size - volume.size}});
  volume.status = VolumeStatus::extending;
  save(volume);
  identity_.quotas().commit(reservation);
  start(run_extend(volume, new_size));
}

runtime::Task<void> VolumeService::run_extend(Volume volume, std::int64_t new_size) {
  // The scheduler checks the volume's own pool for the extra size (CapacityFilter with new_size).
  RequestSpec spec;
  spec.volume_id = volume.id;
  spec.size = volume.size;
  spec.new_size = new_size;
  if (std::optional<VolumeType> type = find_type(volume.volume_type_id)) {
    spec.extra_specs = type->extra_specs;
  }
  std::vector<PoolState> pools = {pool_state(volume.host)};
  Volume current = *load(volume.id);
  if (!scheduler_.select(pools, spec)) {
    // Cinder's scheduler restores the previous status and gives the gigabytes back.
    identity_.quotas().release(volume.project_id, {{"gigabytes", new_size - volume.size}});
    current.status = VolumeStatus::available;
  } else {
    current.size = new_size;
    current.status = VolumeStatus::available;
  }
  save(current);
  co_return;
}

}  // namespace stacksim::volume
