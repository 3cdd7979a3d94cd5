#pragma once
// The VM lifecycle model (docs/scenarios.md, "The VM lifecycle model"): identical hosts, Poisson
// arrivals of five flavors, exponential lifetimes, best-fit or first-fit placement with rejection,
// stopping right after the M-th arrival. It runs as an ordinary scenario on the experiment runner
// (engine + placement index), so its speed is the runner's speed: bench/replay compares it with a
// hand-written event loop, and its statistics are checked against the reference values.

#include <cstdint>
#include <string>
#include <vector>

namespace stacksim::scenarios {

struct LifecycleFlavor {
  std::string name;
  std::int64_t memory_mb = 0;
  int vcpus = 0;
};

enum class LifecyclePolicy { best_fit, first_fit };

struct VmLifecycleParams {
  int hosts = 1000;
  int host_vcpus = 64;
  std::int64_t host_memory_mb = 131072;
  double arrival_rate_per_s = 12.0;
  double mean_lifetime_s = 1800.0;
  std::int64_t arrivals = 100000;
  LifecyclePolicy policy = LifecyclePolicy::best_fit;
  std::uint64_t seed = 1;
  std::vector<LifecycleFlavor> flavors = {{"m1.tiny", 512, 1},
                                          {"m1.small", 2048, 1},
                                          {"m1.medium", 4096, 2},
                                          {"m1.large", 8192, 4},
                                          {"m1.xlarge", 16384, 8}};
};

struct VmLifecycleResult {
  std::int64_t placed = 0;
  std::int64_t rejected = 0;
  std::vector<std::int64_t> rejected_per_flavor;
  std::uint64_t events = 0;  // arrivals + departures before the end
  double sim_time_s = 0;
  double util_vcpu = 0;
  double util_ram = 0;
  double util_vcpu_2h = 0;  // second half of the arrivals
  double util_ram_2h = 0;
  double reject_frac_2h = 0;
  std::int64_t active_end = 0;
  double wall_s = 0;
};

/// The model as a scenario: one host class, no overcommit or reserved memory, one Poisson
/// generator ("arrivals") over the flavors, workload.max_arrivals = arrivals.
struct Scenario;
Scenario vm_lifecycle_scenario(const VmLifecycleParams& params);

/// Runs the model on the experiment runner.
VmLifecycleResult run_vm_lifecycle_model(const VmLifecycleParams& params);

}  // namespace stacksim::scenarios
