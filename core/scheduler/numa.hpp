#pragma once
// Guest NUMA topology for shared (unpinned) CPUs, as nova.virt.hardware builds and fits it:
// numa_get_constraints from hw:numa_nodes / hw:numa_cpus.N / hw:numa_mem.N (or the image's
// hw_numa_* properties), numa_fit_instance_to_host over permutations of host cells, and
// numa_usage_from_instance_numa. Pinned CPUs, huge pages and PCI affinity are not modelled; a
// request asking for them is rejected as invalid.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler/host_info.hpp"
#include "core/scheduler/request_spec.hpp"

namespace stacksim::scheduler {

struct HostNumaCell {
  int id = 0;
  int cpus = 0;
  std::int64_t memory_mb = 0;
  int cpu_usage = 0;
  std::int64_t memory_usage_mb = 0;
};

struct InstanceNumaCell {
  /// Guest cell number, replaced by the host cell id once fitted (Nova mutates it in place, and
  /// its fit caches are keyed by it, so the replacement is part of the semantics).
  int id = 0;
  int cpus = 0;
  std::int64_t memory_mb = 0;
};

struct InstanceNumaTopology {
  std::vector<InstanceNumaCell> cells;
};

/// The CPU and RAM allocation ratios NUMATopologyFilter records as the host's NUMA limits.
struct NumaLimits {
  double cpu_allocation_ratio = 0;
  double ram_allocation_ratio = 0;
};

std::vector<HostNumaCell> host_numa_cells(const std::vector<NumaCellInfo>& cells);

/// numa_get_constraints; nullopt when the request has no NUMA constraint. Throws InvalidRequest
/// with Nova's message for inconsistent specs.
std::optional<InstanceNumaTopology> numa_constraints(
    const Flavor& flavor, const std::map<std::string, std::string>& image_properties);

/// numa_fit_instance_to_host. Mutates `instance` cell ids exactly as Nova does while it tries
/// permutations; returns the fitted topology (cells carrying host cell ids) or nullopt.
std::optional<InstanceNumaTopology> numa_fit_instance_to_host(
    const std::vector<HostNumaCell>& host, InstanceNumaTopology& instance,
    const std::optional<NumaLimits>& limits);

/// numa_usage_from_instance_numa: adds (sign = 1) or frees (sign = -1) a fitted instance's usage.
void numa_apply_usage(std::vector<HostNumaCell>& host, const InstanceNumaTopology& fitted,
                      int sign);

}  // namespace stacksim::scheduler
