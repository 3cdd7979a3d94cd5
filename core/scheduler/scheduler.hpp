#pragma once
// Nova's filter scheduler (Zed): Placement's capacity pre-check, the filter pipeline, weighing,
// the per-instance claim walk and consume_from_request, with multi-create rollback, kept in
// struct-of-arrays host state so one decision over 10,000 hosts takes well under a millisecond.
// The compute conductor owns one Scheduler, feeds it host, aggregate and server-group changes,
// and calls select_destinations for every boot or move.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/runtime/random.hpp"
#include "core/runtime/time.hpp"
#include "core/scheduler/aggregates.hpp"
#include "core/scheduler/config.hpp"
#include "core/scheduler/decision.hpp"
#include "core/scheduler/filter.hpp"
#include "core/scheduler/host_info.hpp"
#include "core/scheduler/host_states.hpp"
#include "core/scheduler/placement.hpp"
#include "core/scheduler/placement_policy.hpp"
#include "core/scheduler/plugin_registry.hpp"
#include "core/scheduler/request_spec.hpp"
#include "core/scheduler/server_groups.hpp"

namespace stacksim::scheduler {

class Scheduler {
 public:
  /// Throws SchedulerConfigError for unknown filters, weighers or policies.
  explicit Scheduler(SchedulerConfig config,
                     const PluginRegistry& registry = PluginRegistry::with_builtins());

  // Hosts. HostIds are dense and in the order hosts were added (the tie-breaking order).
  HostId add_host(const HostInfo& info);
  [[nodiscard]] std::optional<HostId> find_host(std::string_view name) const;
  [[nodiscard]] const HostStates& hosts() const noexcept { return hosts_; }
  [[nodiscard]] const Placement& placement() const noexcept { return placement_; }
  /// Disabling a service also sets COMPUTE_STATUS_DISABLED on its resource provider.
  void set_service_enabled(HostId host, bool enabled);
  void set_forced_down(HostId host, bool forced_down);
  void heartbeat(HostId host, runtime::TimePoint when);
  /// Usage the compute node reports (Placement usage and HostState follow it).
  void report_usage(HostId host, const HostUsage& usage);
  /// Stats the compute node reports (io_workload, failed_builds).
  void set_host_stats(HostId host, std::int64_t io_ops, std::int64_t failed_builds);

  // Host aggregates (availability zones are aggregates with availability_zone metadata).
  void set_aggregate_metadata(const std::string& aggregate,
                              std::map<std::string, std::string> metadata);
  void add_host_to_aggregate(const std::string& aggregate, HostId host);
  void remove_host_from_aggregate(const std::string& aggregate, HostId host);
  [[nodiscard]] const Aggregates& aggregates() const noexcept { return aggregates_; }

  // Server groups.
  void create_server_group(const std::string& name, GroupPolicy policy,
                           std::optional<int> max_server_per_host = std::nullopt);
  [[nodiscard]] const ServerGroup* server_group(std::string_view name) const;

  /// Chooses and claims a host for every instance of the request, or fails as a whole with
  /// NoValidHost (undoing its claims). Throws InvalidRequest for a request the compute API would
  /// have rejected.
  Decision select_destinations(const RequestSpec& request, runtime::TimePoint now,
                               const SelectOptions& options = {});
  /// The same, reusing `out`'s buffers.
  void select_destinations(const RequestSpec& request, runtime::TimePoint now,
                           const SelectOptions& options, Decision& out);

  // Instances the scheduler placed.
  [[nodiscard]] std::optional<HostId> host_of(std::string_view instance_uuid) const;
  /// Gives back an instance's Placement allocation and HostState consumption (the instance was
  /// deleted, or its build failed). False if the instance is unknown.
  bool release(std::string_view instance_uuid);
  /// Claims `host` for an instance outside select_destinations (a retry on an alternate, or a
  /// forced host): Placement claim plus consumption. False when the claim does not fit.
  bool claim_on(const RequestSpec& request, std::string_view instance_uuid, HostId host);

  [[nodiscard]] const SchedulerConfig& config() const noexcept { return config_; }

 private:
  struct PlacedInstance {
    HostId host = 0;
    ResourceAmounts resources;
    std::int64_t vcpus = 0;
    std::int64_t memory_mb = 0;
    std::int64_t disk_mb = 0;
    std::optional<InstanceNumaTopology> numa;  // fitted cells, when usage was recorded
    std::string group;
  };

  void find_candidates(const RequestSpec& request, const PreparedRequest& prepared,
                       const std::function<bool(HostId)>& host_allowed);
  void resolve_hint_hosts(const std::vector<std::string>& uuids, std::vector<HostId>& out) const;
  /// HostState.consume_from_request (the Placement claim is made separately).
  PlacedInstance consume(HostId host, const PreparedRequest& prepared,
                         std::optional<InstanceNumaTopology>& numa);
  /// Adds (sign 1) or removes (sign -1) an instance's HostState consumption.
  void apply_usage(const PlacedInstance& placed, int sign);
  /// Gives back consumption and the Placement allocation.
  void unplace(const PlacedInstance& placed);
  void order_and_claim(const RequestContext& ctx, bool last_instance, std::size_t instances,
                       const SelectOptions& options, InstanceDecision& record);
  void record_top(const SelectOptions& options, InstanceDecision& record,
                  const std::vector<std::uint32_t>& positions);
  void reassign_aggregates(HostId host);

  SchedulerConfig config_;
  std::vector<std::unique_ptr<Filter>> filters_;
  std::unique_ptr<PlacementPolicy> policy_;
  bool numa_filter_enabled_ = false;

  HostStates hosts_;
  std::vector<std::vector<AggregateId>> host_aggregates_;
  Aggregates aggregates_;
  Placement placement_;
  ServerGroups groups_;
  std::unordered_map<std::string, PlacedInstance> instances_;
  runtime::Random rng_;

  // Per-decision scratch, kept to avoid allocating on every call.
  std::vector<HostId> list_;
  std::vector<HostId> sorted_list_;
  std::vector<double> weights_;
  std::vector<double> sorted_weights_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> identity_;
  std::vector<std::int32_t> group_count_;
  std::vector<std::int8_t> az_member_by_set_;
  std::vector<HostId> same_host_hosts_;
  std::vector<HostId> different_host_hosts_;
  WeightBreakdown breakdown_;
  /// Position (in list_) of the host whose claim succeeded, and how far the walk went.
  std::optional<std::uint32_t> claimed_;
  std::size_t claims_tried_ = 0;
  /// How many leading entries of order_ are in final (sorted) order, for alternates.
  std::size_t final_order_size_ = 0;
};

}  // namespace stacksim::scheduler
