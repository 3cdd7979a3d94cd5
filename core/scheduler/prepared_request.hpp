#pragma once
// What the scheduler derives from a RequestSpec once per request (Nova does this in the API,
// conductor and ResourceRequest): Placement amounts and traits, canonical image properties, the
// hypervisor version requirement, the guest NUMA topology and the amounts consume_from_request
// subtracts. Building it validates the request.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler/config.hpp"
#include "core/scheduler/hv_spec.hpp"
#include "core/scheduler/numa.hpp"
#include "core/scheduler/placement.hpp"
#include "core/scheduler/request_spec.hpp"

namespace stacksim::scheduler {

struct PreparedRequest {
  /// Placement amounts for one instance, after resources:* overrides and dropping zeros.
  ResourceAmounts resources;
  /// A resources:* class no compute node has inventory of (no candidates at all).
  std::optional<std::string> unavailable_resource_class;
  std::vector<std::string> required_traits;
  std::vector<std::string> forbidden_traits;
  /// hw_architecture (or the configured default), img_hv_type, hw_vm_mode; canonical.
  std::array<std::optional<std::string>, 3> image_hv_props;
  std::optional<HypervisorVersionRequirement> hv_version_requirement;
  std::optional<InstanceNumaTopology> numa_topology;
  /// consume_from_request: RAM, vCPUs and (root + ephemeral) * 1024 MB of disk; swap is not
  /// subtracted from HostState.
  std::int64_t consume_vcpus = 0;
  std::int64_t consume_memory_mb = 0;
  std::int64_t consume_disk_mb = 0;

  /// Throws InvalidRequest with the message the compute API would give.
  static PreparedRequest from(const RequestSpec& spec, const SchedulerConfig& config);
};

}  // namespace stacksim::scheduler
