#pragma once
// CPU contention on an overcommitted host: each instance demands vcpus x utilisation cores; when
// the total exceeds the physical cores, the cores are shared max-min fairly (water-filling, the
// hypervisor scheduler's fair share): no instance gets more than it demands, and the ones that
// want more than the fair level all get the same level.

#include <vector>

namespace stacksim::sim {

struct CpuDemand {
  int vcpus = 1;
  double utilisation = 1;  // in [0, 1] of its vCPUs
};

/// Cores granted to each instance, in input order. Throws on negative cores or bad demands.
std::vector<double> cpu_shares(double physical_cores, const std::vector<CpuDemand>& demands);

/// granted / demanded per instance (1 without contention; 1 for an instance demanding nothing).
std::vector<double> cpu_slowdowns(double physical_cores, const std::vector<CpuDemand>& demands);

}  // namespace stacksim::sim
