#pragma once
// Everything a filter or weigher may read while one instance of a request is being placed: the
// request, its derived form, the host states, aggregates, Placement usage, the server group view
// and the scheduler hints resolved to hosts.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/runtime/time.hpp"
#include "core/scheduler/aggregates.hpp"
#include "core/scheduler/config.hpp"
#include "core/scheduler/host_states.hpp"
#include "core/scheduler/placement.hpp"
#include "core/scheduler/prepared_request.hpp"
#include "core/scheduler/request_spec.hpp"

namespace stacksim::scheduler {

/// The request's server group: Nova's spec_obj.instance_group with its members (earlier members
/// plus every instance of this request) counted per host.
struct GroupView {
  GroupPolicy policy = GroupPolicy::affinity;
  int max_server_per_host = 1;
  /// Dense, indexed by HostId: group members currently on each host.
  std::span<const std::int32_t> members_on_host;
  /// group.hosts is empty (no member placed yet).
  bool no_hosts = true;
};

struct RequestContext {
  const RequestSpec& spec;
  const PreparedRequest& prepared;
  const SchedulerConfig& config;
  const HostStates& hosts;
  const Aggregates& aggregates;
  const Placement& placement;
  runtime::TimePoint now{};
  /// k: the instance of the request being placed (0-based).
  std::size_t instance_index = 0;
  std::string_view instance_uuid;
  /// The host already holding instance_uuid (a move), if any.
  std::optional<HostId> instance_host;
  const GroupView* group = nullptr;
  /// Sorted hosts holding the instances named by the same_host / different_host hints.
  std::span<const HostId> same_host_hosts;
  std::span<const HostId> different_host_hosts;
  /// spec_obj.numa_topology as it stands for this instance (consume_from_request replaces it).
  const std::optional<InstanceNumaTopology>* numa_topology = nullptr;
  /// Whether NUMATopologyFilter is enabled (it records the NUMA limits consume_from_request uses).
  bool numa_limits_recorded = false;
};

}  // namespace stacksim::scheduler
