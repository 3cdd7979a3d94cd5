#pragma once
// Cinder for stacksim: volume types, the pools of the configured backends, volumes, snapshots and
// attachments, with Cinder's status machine (docs/volumes.md). Every call takes the caller's
// RequestContext: policy rules "volume:*" / "volume_extension:*" decide who may do what, quotas
// (volumes, gigabytes, snapshots) are reserved at request time, and errors carry Cinder's class
// names and messages. Calls return as the REST API would (202, work in progress) and the work runs
// as coroutines on the executor; every data-moving step goes through the StorageDriver
// (create_volume, delete_volume, attach_volume/detach_volume, transfer for volume-from-image).
// The executor must not run after the VolumeService is gone.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/identity/identity_service.hpp"
#include "core/identity/request_context.hpp"
#include "core/image/image_service.hpp"
#include "core/runtime/executor.hpp"
#include "core/runtime/storage_driver.hpp"
#include "core/runtime/task.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"
#include "core/volume/pool_state.hpp"
#include "core/volume/volume.hpp"
#include "core/volume/volume_config.hpp"
#include "core/volume/volume_scheduler.hpp"
#include "core/volume/volume_type.hpp"

namespace stacksim::volume {

struct VolumeTypeCreate {
  std::string name;
  std::string description;
  bool is_public = true;
  std::map<std::string, std::string> extra_specs;
};

/// POST /v3/{project_id}/volumes. `size` 0 takes the size of the snapshot or source volume.
struct VolumeCreate {
  std::int64_t size = 0;
  std::string name;
  std::string description;
  std::optional<std::string> volume_type;  // name or id
  std::optional<std::string> availability_zone;
  std::optional<std::string> snapshot_id;
  std::optional<std::string> source_volid;
  std::optional<std::string> image_id;  // imageRef
  bool multiattach = false;
};

class VolumeService {
 public:
  VolumeService(store::Database& db, runtime::Executor& executor, runtime::StorageDriver& storage,
                identity::IdentityService& identity, image::ImageService& images,
                VolumeConfig config = {});
  VolumeService(const VolumeService&) = delete;
  VolumeService& operator=(const VolumeService&) = delete;

  // Volume types (admin, except reading public ones).
  VolumeType create_volume_type(const identity::RequestContext& ctx,
                                const VolumeTypeCreate& request);
  /// By id or name.
  [[nodiscard]] VolumeType get_volume_type(const identity::RequestContext& ctx,
                                           const std::string& id_or_name);
  [[nodiscard]] std::vector<VolumeType> list_volume_types(const identity::RequestContext& ctx);
  VolumeType set_extra_specs(const identity::RequestContext& ctx, const std::string& type_id,
                             const std::map<std::string, std::string>& specs);
  VolumeType unset_extra_spec(const identity::RequestContext& ctx, const std::string& type_id,
                              const std::string& key);
  void delete_volume_type(const identity::RequestContext& ctx, const std::string& type_id);

  /// A pool of a configured backend (cinder.conf's enabled_backends and the driver's report);
  /// registering an existing name updates its configuration. Usage is derived from the volumes.
  void register_pool(const PoolState& pool);
  /// Every pool with its current usage, in registration order (GET scheduler-stats/get_pools).
  [[nodiscard]] std::vector<PoolState> get_pools(const identity::RequestContext& ctx);

  // Volumes.
  Volume create_volume(const identity::RequestContext& ctx, const VolumeCreate& request);
  /// create_volume, awaiting the end of the creation (for callers inside a coroutine, e.g. Nova's
  /// block device mapping). The returned volume is available or error.
  runtime::Task<Volume> create_volume_and_wait(identity::RequestContext ctx, VolumeCreate request);
  [[nodiscard]] Volume get_volume(const identity::RequestContext& ctx, const std::string& id);
  [[nodiscard]] std::vector<Volume> list_volumes(const identity::RequestContext& ctx,
                                                 bool all_tenants = false);
  /// PUT /volumes/{id}: renames or redescribes the volume (absent: unchanged).
  Volume update_volume(const identity::RequestContext& ctx, const std::string& id,
                       const std::optional<std::string>& name,
                       const std::optional<std::string>& description);
  /// os-reset_status (admin): overwrites status and/or attach_status in the database only, as
  /// Cinder does; no backend action, the operator answers for consistency.
  Volume reset_status(const identity::RequestContext& ctx, const std::string& id,
                      std::optional<VolumeStatus> status,
                      std::optional<AttachStatus> attach_status);
  /// available/error/error_extending -> deleting -> gone (error_deleting if the driver fails).
  void delete_volume(const identity::RequestContext& ctx, const std::string& id);
  /// available -> extending -> available (error_extending if no room or the driver fails).
  void extend_volume(const identity::RequestContext& ctx, const std::string& id,
                     std::int64_t new_size);

  // Snapshots.
  Snapshot create_snapshot(const identity::RequestContext& ctx, const std::string& volume_id,
                           const std::string& name, const std::string& description = {},
                           bool force = false);
  [[nodiscard]] Snapshot get_snapshot(const identity::RequestContext& ctx, const std::string& id);
  [[nodiscard]] std::vector<Snapshot> list_snapshots(const identity::RequestContext& ctx,
                                                     bool all_tenants = false);
  void delete_snapshot(const identity::RequestContext& ctx, const std::string& id);

  // Attachments: what Nova calls around the hypervisor's attach (Cinder's attachment API).
  /// Reserves the volume for a server: available (or in-use and multiattach) -> attaching.
  VolumeAttachment reserve_volume(const identity::RequestContext& ctx, const std::string& volume_id,
                                  const std::string& server_id);
  /// Exports the reserved volume to `host` (the StorageDriver's attach_volume, once per host) and
  /// completes the attachment: attaching -> in-use. On failure the reservation is undone.
  runtime::Task<runtime::VolumeConnection> attach(identity::RequestContext ctx,
                                                  std::string attachment_id, std::string host);
  /// Drops a reservation whose attach did not happen: attaching -> available (or in-use).
  void unreserve_volume(const identity::RequestContext& ctx, const std::string& attachment_id);
  /// in-use -> detaching for one attachment.
  void begin_detaching(const identity::RequestContext& ctx, const std::string& attachment_id);
  /// Undoes begin_detaching when the guest kept the disk (os-roll_detaching): detaching -> in-use.
  void roll_detaching(const identity::RequestContext& ctx, const std::string& attachment_id);
  /// Unexports (when no other attachment uses the host) and removes the attachment:
  /// detaching -> available, or in-use while other attachments remain.
  runtime::Task<void> detach(identity::RequestContext ctx, std::string attachment_id);
  /// The attachments of one server.
  [[nodiscard]] std::vector<VolumeAttachment> server_attachments(const std::string& server_id);

  [[nodiscard]] const VolumeConfig& config() const noexcept { return config_; }

 private:
  runtime::Task<void> run_create(Volume volume);
  runtime::Task<void> run_delete(Volume volume);
  runtime::Task<void> run_extend(Volume volume, std::int64_t new_size);
  runtime::Task<void> run_create_snapshot(Snapshot snapshot);
  runtime::Task<void> run_delete_snapshot(Snapshot snapshot);
  void start(runtime::Task<void> task);
  Volume accept_create(const identity::RequestContext& ctx, const VolumeCreate& request,
                       std::string& reservation);

  [[nodiscard]] std::optional<Volume> load(const std::string& id);
  [[nodiscard]] std::vector<Volume> load_where(const std::string& where, const std::string& arg);
  void save(Volume& volume);
  void set_status(const std::string& id, VolumeStatus status);
  [[nodiscard]] std::optional<Snapshot> load_snapshot(const std::string& id);
  void save(Snapshot& snapshot);
  [[nodiscard]] std::optional<VolumeAttachment> load_attachment(const std::string& id);
  void save(const VolumeAttachment& attachment);
  [[nodiscard]] std::optional<VolumeType> find_type(const std::string& id_or_name);
  void save(const VolumeType& type);
  [[nodiscard]] PoolState pool_state(const std::string& name);
  [[nodiscard]] std::vector<PoolState> pool_states();

  [[nodiscard]] bool is_admin(const identity::RequestContext& ctx) const;
  Volume visible_volume(const identity::RequestContext& ctx, const std::string& id,
                        const std::string& action);
  Snapshot visible_snapshot(const identity::RequestContext& ctx, const std::string& id,
                            const std::string& action);
  std::string reserve_quota(const std::string& project_id, const identity::QuotaDeltas& deltas);
  std::string next_id();

  store::Database& db_;
  runtime::Executor& executor_;
  runtime::StorageDriver& storage_;
  identity::IdentityService& identity_;
  image::ImageService& images_;
  VolumeConfig config_;
  VolumeScheduler scheduler_;
  store::Sequence ids_;
};

}  // namespace stacksim::volume
