#include <set>

#include "scenarios/schema/sections.hpp"

namespace stacksim::scenarios {
namespace {

// Nova's filter and weigher class names (nova.scheduler.filters / nova.scheduler.weights).
const std::set<std::string> kNovaFilters = {"AggregateImagePropertiesIsolation",
                                            "AggregateInstanceExtraSpecsFilter",
                                            "AggregateIoOpsFilter",
                                            "AggregateMultiTenancyIsolation",
                                            "AggregateNumInstancesFilter",
                                            "AggregateTypeAffinityFilter",
                                            "AllHostsFilter",
                                            "AvailabilityZoneFilter",
                                            "ComputeCapabilitiesFilter",
                                            "ComputeFilter",
                                            "DifferentHostFilter",
                                            "ImagePropertiesFilter",
                                            "IoOpsFilter",
                                            "IsolatedHostsFilter",
                                            "JsonFilter",
                                            "MetricsFilter",
                                            "NUMATopologyFilter",
                                            "NumInstancesFilter",
                                            "PciPassthroughFilter",
                                            "SameHostFilter",
                                            "ServerGroupAffinityFilter",
                                            "ServerGroupAntiAffinityFilter",
                                            "SimpleCIDRAffinityFilter",
                                            "TypeAffinityFilter"};
const std::set<std::string> kNovaWeighers = {"RAMWeigher",
                                             "CPUWeigher",
                                             "DiskWeigher",
                                             "IoOpsWeigher",
                                             "PCIWeigher",
                                             "ServerGroupSoftAffinityWeigher",
                                             "ServerGroupSoftAntiAffinityWeigher",
                                             "BuildFailureWeigher",
                                             "CrossCellWeigher",
                                             "MetricsWeigher",
                                             "HypervisorVersionWeigher",
                                             "NumInstancesWeigher",
                                             "ImagePropertiesWeigher"};
const std::set<std::string> kMultipliers = {"ram_weight_multiplier",
                                            "cpu_weight_multiplier",
                                            "disk_weight_multiplier",
                                            "io_ops_weight_multiplier",
                                            "pci_weight_multiplier",
                                            "soft_affinity_weight_multiplier",
                                            "soft_anti_affinity_weight_multiplier",
                                            "build_failure_weight_multiplier",
                                            "cross_cell_move_weight_multiplier",
                                            "metrics_weight_multiplier",
                                            "hypervisor_version_weight_multiplier",
                                            "num_instances_weight_multiplier",
                                            "image_props_weight_multiplier"};

std::vector<std::string> known_names(const JsonFields& s, const char* key,
                                     const std::set<std::string>& known) {
  std::vector<std::string> names = s.strings(key);
  for (const auto& n : names) {
    if (!known.contains(n)) {
      std::string list;
      for (const auto& k : known)
        list += (list.empty() ? "" : ", ") + k;
      s.fail(key, "unknown name \"" + n + "\"; Nova knows: " + list);
    }
  }
  return names;
}

SchedulerSpec read_scheduler(const JsonFields& s) {
  SchedulerSpec spec;
  spec.placement_policy =
      s.choice("placement_policy", {"nova", "best-fit", "first-fit", "worst-fit"}, "nova");
  const bool nova = spec.placement_policy == "nova";
  for (const char* key : {"enabled_filters", "weight_classes", "weigher_multipliers",
                          "host_subset_size", "shuffle_best_same_weighed_hosts"}) {
    if (!nova && s.has(key)) {
      s.fail(key, "applies to placement_policy \"nova\" only (this scenario uses \"" +
                      spec.placement_policy + "\")");
    }
  }
  if (s.has("enabled_filters"))
    spec.enabled_filters = known_names(s, "enabled_filters", kNovaFilters);
  if (s.has("weight_classes"))
    spec.weight_classes = known_names(s, "weight_classes", kNovaWeighers);
  if (s.has("weigher_multipliers")) {
    spec.weigher_multipliers = s.number_map("weigher_multipliers");
    for (const auto& [name, value] : spec.weigher_multipliers) {
      if (!kMultipliers.contains(name)) {
        s.fail("weigher_multipliers", "unknown multiplier \"" + name + "\"");
      }
    }
  }
  spec.host_subset_size = static_cast<int>(
      s.has("host_subset_size") ? s.integer_in("host_subset_size", 1, 1 << 20) : 1);
  spec.shuffle_best_same_weighed_hosts = s.boolean_or("shuffle_best_same_weighed_hosts", false);
  spec.max_attempts =
      static_cast<int>(s.has("max_attempts") ? s.integer_in("max_attempts", 1, 100) : 3);
  s.reject_unknown_keys();
  return spec;
}

}  // namespace

ControlPlaneSpec read_control_plane(const JsonFields& cp) {
  ControlPlaneSpec spec;
  if (cp.has("scheduler")) spec.scheduler = read_scheduler(cp.object("scheduler"));
  if (cp.has("allocation_ratios")) {
    const JsonFields r = cp.object("allocation_ratios");
    spec.cpu_allocation_ratio = r.positive_or("cpu", spec.cpu_allocation_ratio);
    spec.ram_allocation_ratio = r.positive_or("ram", spec.ram_allocation_ratio);
    spec.disk_allocation_ratio = r.positive_or("disk", spec.disk_allocation_ratio);
    r.reject_unknown_keys();
  }
  if (cp.has("reserved")) {
    const JsonFields r = cp.object("reserved");
    spec.reserved_host_cpus = r.has("host_cpus") ? r.integer_in("host_cpus", 0, 1 << 20) : 0;
    spec.reserved_host_memory_mb =
        r.has("host_memory_mb") ? r.integer_in("host_memory_mb", 0, std::int64_t{1} << 40) : 512;
    spec.reserved_host_disk_gb =
        r.has("host_disk_gb") ? r.integer_in("host_disk_gb", 0, std::int64_t{1} << 40) : 0;
    r.reject_unknown_keys();
  }
  if (cp.has("latencies")) {
    const JsonFields l = cp.object("latencies");
    spec.api_latency_s = l.positive_or("api_ms", 0, true) / 1000.0;
    spec.rpc_latency_s = l.positive_or("rpc_ms", 0, true) / 1000.0;
    spec.scheduler_latency_s = l.positive_or("scheduler_ms", 0, true) / 1000.0;
    spec.boot_time_s = l.positive_or("boot_s", 0, true);
    l.reject_unknown_keys();
  }
  cp.reject_unknown_keys();
  return spec;
}

std::vector<FlavorSpec> read_flavors(const JsonFields& scenario) {
  if (!scenario.has("flavors")) {
    // Nova's classic m1 flavors.
    return {{"m1.tiny", 1, 512, 1},
            {"m1.small", 1, 2048, 20},
            {"m1.medium", 2, 4096, 40},
            {"m1.large", 4, 8192, 80},
            {"m1.xlarge", 8, 16384, 160}};
  }
  std::vector<FlavorSpec> flavors;
  const auto& list = scenario.array("flavors");
  if (list.empty()) scenario.fail("flavors", "expected at least one flavor");
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonFields f = scenario.element(list, i, "flavors");
    FlavorSpec flavor;
    flavor.name = f.string("name");
    if (!names.insert(flavor.name).second) f.fail("name", "a second flavor called " + flavor.name);
    flavor.vcpus = f.integer_in("vcpus", 1, 1 << 20);
    flavor.memory_mb = f.integer_in("memory_mb", 1, std::int64_t{1} << 40);
    flavor.disk_gb = f.has("disk_gb") ? f.integer_in("disk_gb", 0, std::int64_t{1} << 40) : 0;
    f.reject_unknown_keys();
    flavors.push_back(std::move(flavor));
  }
  return flavors;
}

}  // namespace stacksim::scenarios
