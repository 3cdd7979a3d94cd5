#pragma once
// What a compute node reports to the scheduler (Nova's ComputeNode record plus its service row):
// capacity, usage by instances, hypervisor description, service state and NUMA cells. Aggregate
// membership is registered separately (Scheduler::add_host_to_aggregate).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/runtime/time.hpp"

namespace stacksim::scheduler {

/// One [architecture, hypervisor type, VM mode] triple of supported_instances (canonical names).
struct HvSpec {
  std::string architecture;
  std::string hv_type;
  std::string vm_mode;
  bool operator==(const HvSpec&) const = default;
};

/// A host NUMA cell: CPUs and memory, and what shared (unpinned) instances already use there.
struct NumaCellInfo {
  int cpus = 0;
  std::int64_t memory_mb = 0;
  int cpu_usage = 0;
  std::int64_t memory_usage_mb = 0;
};

/// What a compute node's resource tracker reports after its usage changed: amounts used by
/// instances (excluding the reserved amounts), instance count and I/O-heavy task count.
struct HostUsage {
  std::int64_t vcpus_used = 0;
  std::int64_t memory_mb_used = 0;
  std::int64_t disk_gb_used = 0;
  std::optional<std::int64_t> disk_available_least;
  std::int64_t num_instances = 0;
  std::int64_t io_ops = 0;
};

struct HostInfo {
  std::string name;
  std::int64_t vcpus = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_gb = 0;
  /// Usage by instances, excluding the reserved amounts.
  std::int64_t vcpus_used = 0;
  std::int64_t memory_mb_used = 0;
  std::int64_t disk_gb_used = 0;
  std::optional<std::int64_t> disk_available_least;
  /// Per-host overrides of the configuration's allocation ratios and reserved amounts.
  std::optional<double> cpu_allocation_ratio;
  std::optional<double> ram_allocation_ratio;
  std::optional<double> disk_allocation_ratio;
  std::optional<std::int64_t> reserved_host_cpus;
  std::optional<std::int64_t> reserved_host_memory_mb;
  std::optional<std::int64_t> reserved_host_disk_mb;
  /// Service state: disabled services also carry the COMPUTE_STATUS_DISABLED trait in Placement.
  bool enabled = true;
  bool forced_down = false;
  runtime::TimePoint last_seen_up{};
  std::vector<HvSpec> supported_instances{{"x86_64", "kvm", "hvm"}};
  std::optional<std::string> hypervisor_type;
  std::optional<std::int64_t> hypervisor_version;
  /// The compute node's cpu_info as JSON text (Nova keeps it serialised).
  std::optional<std::string> cpu_info;
  std::map<std::string, std::string> stats;
  std::vector<std::string> traits;
  std::int64_t io_ops = 0;
  std::int64_t num_instances = 0;
  std::int64_t failed_builds = 0;
  std::vector<NumaCellInfo> numa_cells;
};

}  // namespace stacksim::scheduler
