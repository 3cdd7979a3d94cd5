#pragma once
// Scheduler configuration: Nova's [filter_scheduler], [scheduler] and allocation-ratio options with
// Zed's defaults, plus stacksim's choice of placement policy and random seed.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stacksim::scheduler {

struct SchedulerConfig {
  /// Filters in the order they run ([filter_scheduler] enabled_filters; Zed's default list).
  std::vector<std::string> enabled_filters{"ComputeFilter", "ComputeCapabilitiesFilter",
                                           "ImagePropertiesFilter", "ServerGroupAntiAffinityFilter",
                                           "ServerGroupAffinityFilter"};
  /// Weighers in the order their scores are added (order changes the floating-point sums).
  std::vector<std::string> weight_classes{"RAMWeigher",
                                          "CPUWeigher",
                                          "DiskWeigher",
                                          "IoOpsWeigher",
                                          "ServerGroupSoftAffinityWeigher",
                                          "ServerGroupSoftAntiAffinityWeigher",
                                          "BuildFailureWeigher"};
  /// Weigher multiplier options by name (ram_weight_multiplier, ...); a weigher's own default
  /// applies to options not listed. Aggregate metadata of the same name overrides per host.
  std::map<std::string, double> weigher_multipliers;
  /// Allocation ratios and reserved amounts for hosts that do not set their own; unset ratios
  /// fall back to Zed's initial_*_allocation_ratio (16.0, 1.5, 1.0).
  std::optional<double> cpu_allocation_ratio;
  std::optional<double> ram_allocation_ratio;
  std::optional<double> disk_allocation_ratio;
  std::int64_t reserved_host_cpus = 0;
  std::int64_t reserved_host_memory_mb = 512;
  std::int64_t reserved_host_disk_mb = 0;
  int host_subset_size = 1;
  bool shuffle_best_same_weighed_hosts = false;
  /// Placement's limit on allocation candidates (nullopt: no limit).
  std::optional<std::int64_t> max_placement_results = 1000;
  bool query_placement_for_availability_zone = true;
  std::string default_availability_zone = "nova";
  std::optional<std::string> image_properties_default_architecture;
  /// Seconds without a heartbeat after which ComputeFilter treats a service as down.
  double service_down_time_s = 60;
  /// Alternates per selection are max_attempts - 1 (what the conductor retries on).
  int max_attempts = 3;
  /// "nova" (filters + weighers), or an experimental policy: "first-fit", "best-fit",
  /// "worst-fit", "tetris".
  std::string placement_policy = "nova";
  /// Seeds host_subset_size picks and shuffle_best_same_weighed_hosts.
  std::uint64_t seed = 1;

  [[nodiscard]] double effective_cpu_ratio() const { return cpu_allocation_ratio.value_or(16.0); }
  [[nodiscard]] double effective_ram_ratio() const { return ram_allocation_ratio.value_or(1.5); }
  [[nodiscard]] double effective_disk_ratio() const { return disk_allocation_ratio.value_or(1.0); }
};

}  // namespace stacksim::scheduler
