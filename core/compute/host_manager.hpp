#pragma once
// The compute side of scheduling: registers compute nodes with core/scheduler (in the order they
// join, which is the scheduler's tie order), mirrors aggregates, server groups and service state
// into it, and keeps Placement-style allocations - one per consumer (an instance, or a migration
// holding the source host of a move) - persisted, so the scheduler's in-memory host state is
// rebuilt exactly when the database is reopened.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compute/compute_services.hpp"
#include "core/compute/flavor.hpp"
#include "core/compute/host_aggregates.hpp"
#include "core/compute/server_groups.hpp"
#include "core/runtime/hypervisor_driver.hpp"
#include "core/scheduler/scheduler.hpp"
#include "core/store/database.hpp"

namespace stacksim::compute {

/// What a consumer asks of a host: the flavor, the image properties the filters read, and the
/// server group it counts in (empty: none).
struct AllocationRequest {
  Flavor flavor;
  std::map<std::string, std::string> image_properties;
  std::string group;
};

/// Placement hints for one select() call.
struct PlacementHints {
  std::optional<std::string> availability_zone;
  std::vector<std::string> same_host;
  std::vector<std::string> different_host;
  /// Hosts that are no candidates at all (Nova's RequestSpec.ignore_hosts: a move's source).
  std::vector<std::string> ignore_hosts;
};

struct HostUsage {
  std::int64_t vcpus_used = 0;
  std::int64_t memory_mb_used = 0;
  std::int64_t local_gb_used = 0;
  std::int64_t consumers = 0;  // instances and migrations holding resources
};

class HostManager {
 public:
  HostManager(store::Database& db, scheduler::SchedulerConfig config);

  /// Registers a compute node (or, if known, checks it is the same one).
  void add_node(const runtime::HostInfo& info);
  [[nodiscard]] bool has_node(const std::string& host) const;
  /// Compute nodes in registration order.
  [[nodiscard]] const std::vector<runtime::HostInfo>& nodes() const noexcept { return nodes_; }
  [[nodiscard]] const runtime::HostInfo& node(const std::string& host) const;

  /// Mirrors the full set of aggregates (membership and metadata) into the scheduler.
  void set_aggregates(const std::vector<HostAggregate>& aggregates);
  void add_group(const ServerGroup& group);
  /// Rebuilds the scheduler's allocations from the database (after reopening); every group that
  /// allocations name must have been added first.
  void restore_allocations();

  /// Service state and host stats as ComputeFilter and the weighers read them.
  void refresh(ComputeServices& services, runtime::TimePoint now,
               const std::map<std::string, std::int64_t>& io_ops);

  /// Scheduler::select_destinations for `instance_uuids`; on success every instance's allocation is
  /// recorded.
  scheduler::Decision select(const AllocationRequest& request,
                             const std::vector<std::string>& instance_uuids,
                             const PlacementHints& hints, runtime::TimePoint now);
  /// A claim on a given host (an alternate, a forced destination, a migration holding the source);
  /// false when it does not fit.
  bool claim(const std::string& consumer, const std::string& host,
             const AllocationRequest& request);
  /// Gives back a consumer's allocation (no-op if it has none).
  void release(const std::string& consumer);
  [[nodiscard]] std::optional<std::string> host_of(const std::string& consumer);
  [[nodiscard]] HostUsage usage(const std::string& host);
  [[nodiscard]] std::string host_name(scheduler::HostId id) const;

  [[nodiscard]] scheduler::Scheduler& scheduler() noexcept { return scheduler_; }

 private:
  [[nodiscard]] scheduler::HostId id_of(const std::string& host) const;
  [[nodiscard]] static scheduler::RequestSpec spec_for(const AllocationRequest& request);
  void record(const std::string& consumer, const std::string& host,
              const AllocationRequest& request);
  void apply_memberships(const std::string& host);

  store::Database& db_;
  scheduler::Scheduler scheduler_;
  std::vector<runtime::HostInfo> nodes_;
  std::map<std::string, std::set<std::string>> memberships_;  // host -> aggregate names
  std::map<std::string, std::map<std::string, std::string>> mirrored_metadata_;
};

}  // namespace stacksim::compute
