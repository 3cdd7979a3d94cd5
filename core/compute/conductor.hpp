#pragma once
// The conductor: every long-running compute operation as a coroutine on the backend's executor.
// A build is schedule -> claim -> networking -> block device mapping -> image fetch (through the
// host's image cache) -> spawn (the host's HypervisorDriver) -> ACTIVE; a failed build gives its
// claim back and retries on the scheduler's alternates, up to max_attempts hosts in all. Moves
// (resize, cold and live migration, evacuation) keep the source host's resources under the
// migration's uuid until the move is confirmed, reverted or cleaned up, as Nova does in Placement.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/compute/compute_cell.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::compute {

/// One boot request (all instances of a multi-create).
struct BuildPlan {
  std::vector<std::string> instance_uuids;
  AllocationRequest request;
  PlacementHints hints;
  std::int64_t image_size = 0;
  std::string image_disk_format;
};

enum class PowerAction { stop, start, soft_reboot, hard_reboot };

class Conductor {
 public:
  explicit Conductor(ComputeCell& cell) : cell_(cell) {}

  runtime::Task<void> build_instances(BuildPlan plan);
  runtime::Task<void> delete_instance(std::string uuid);
  runtime::Task<void> power_action(std::string uuid, PowerAction action);
  /// Resize or cold migration (same flavor), to `target_host` or wherever the scheduler says.
  runtime::Task<void> resize_instance(std::string uuid, std::string migration_uuid,
                                      std::optional<std::string> target_host);
  runtime::Task<void> confirm_resize(std::string uuid, std::string migration_uuid);
  runtime::Task<void> revert_resize(std::string uuid, std::string migration_uuid);
  runtime::Task<void> live_migrate(std::string uuid, std::string migration_uuid,
                                   std::optional<std::string> target_host);
  /// Rebuilds an instance of a failed host on another host.
  runtime::Task<void> evacuate(std::string uuid, std::string migration_uuid,
                               std::optional<std::string> target_host);
  /// nova-compute's init_host after its host came back: destroys the instances that were evacuated
  /// away meanwhile and gives back the source allocations they held.
  runtime::Task<void> cleanup_evacuated(std::string host);

 private:
  runtime::Task<void> build_instance(std::string uuid, BuildPlan plan,
                                     std::vector<std::string> hosts);
  /// One attempt on one host; throws if the build failed there.
  runtime::Task<void> run_build(std::string uuid, std::string host, BuildPlan plan);
  /// Image fetch through the host's cache, then the driver's spawn.
  runtime::Task<void> spawn_on(Instance instance, std::string host, std::int64_t image_size,
                               std::string disk_format, std::vector<runtime::NicSpec> nics,
                               std::vector<runtime::VolumeConnection> volumes);
  /// Destroys a (possibly half-built) instance on a host; a host that is down is skipped.
  runtime::Task<void> destroy_on(std::string host, std::string uuid);
  /// Picks and claims a destination for a move; nullopt if none fits.
  std::optional<std::string> place_move(Instance& instance, const AllocationRequest& request,
                                        const std::string& migration_uuid,
                                        const std::optional<std::string>& target_host);
  /// Moves the instance's allocation on its current host to the migration's uuid.
  void hold_source(const Instance& instance, const Flavor& flavor,
                   const std::string& migration_uuid);
  /// Gives the source allocation back to the instance (a failed or reverted move).
  void restore_source(const Instance& instance, const Flavor& flavor,
                      const std::string& migration_uuid);
  [[nodiscard]] AllocationRequest request_of(const Instance& instance, const Flavor& flavor) const;
  void fail_move(Instance& instance, Migration& migration, const std::string& reason);

  ComputeCell& cell_;
};

}  // namespace stacksim::compute
