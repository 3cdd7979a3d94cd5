#include "scenarios/datacenter/simulated_datacenter.hpp"

#include <cstdint>
#include <limits>

#include "scenarios/datacenter/datacenter_topology.hpp"
#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

/// A host class without disk_gb does not constrain disk: it reports more than any flavor asks.
constexpr std::int64_t kUnconstrainedDiskGb = std::numeric_limits<std::int32_t>::max();
constexpr double kGiB = 1024.0 * 1024 * 1024;

sim::PowerProfile power_profile(const PowerSpec& spec) {
  sim::PowerProfile profile;
  profile.idle_watts = spec.idle_w;
  profile.peak_watts = spec.max_w;
  return profile;
}

}  // namespace

sim::SimulatedDatacenter simulated_datacenter(const Scenario& scenario,
                                              const std::string& image_store) {
  sim::SimulatedDatacenter dc;
  dc.topology = build_datacenter_topology(scenario, datacenter_host_names(scenario));
  dc.image_store = image_store;
  dc.seed = scenario.seed;
  if (scenario.control_plane.boot_time_s > 0) {
    dc.boot_delay = {.family = sim::DelayDistribution::Family::constant,
                     .value_s = scenario.control_plane.boot_time_s};
  }
  for (const HostClass& c : scenario.datacenter.host_classes) {
    sim::HostCapacity capacity;
    capacity.vcpus = static_cast<int>(c.vcpus);
    capacity.memory_mb = c.memory_mb;
    sim::DiskSpec disk = dc.host_disk;
    disk.capacity_bytes = static_cast<double>(c.disk_gb.value_or(kUnconstrainedDiskGb)) * kGiB;
    for (std::int64_t i = 0; i < c.count; ++i) {
      dc.host_capacities.emplace(c.host_name(i), capacity);
      dc.disks.emplace(c.host_name(i), disk);
      dc.host_power.emplace(c.host_name(i), power_profile(c.power));
    }
  }
  return dc;
}

std::string choose_image_store(const Scenario& scenario) {
  for (const HostClass& c : scenario.datacenter.host_classes) {
    if (c.role == "controller" && c.count > 0) return c.host_name(0);
  }
  const std::vector<std::string> hosts = datacenter_host_names(scenario);
  if (hosts.empty()) {
    throw ScenarioError(scenario.file, "/datacenter/host_classes", "the datacenter has no hosts");
  }
  return hosts.front();
}

}  // namespace stacksim::scenarios
