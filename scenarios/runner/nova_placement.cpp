#include "scenarios/runner/nova_placement.hpp"

#include <limits>

#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

constexpr std::int64_t kMilli = 1000;
/// Disk of hosts whose disk is not modelled: nothing fills it, and in MB it stays exact.
constexpr std::int64_t kUnmodelledDiskGb = std::int64_t{1} << 40;
constexpr const char* kSchedulerPath = "/control_plane/scheduler";

scheduler::SchedulerConfig nova_config(const Scenario& scenario) {
  const ControlPlaneSpec& cp = scenario.control_plane;
  const SchedulerSpec& spec = cp.scheduler;
  scheduler::SchedulerConfig config;
  if (!spec.enabled_filters.empty()) config.enabled_filters = spec.enabled_filters;
  if (!spec.weight_classes.empty()) config.weight_classes = spec.weight_classes;
  config.weigher_multipliers = spec.weigher_multipliers;
  config.cpu_allocation_ratio = cp.cpu_allocation_ratio;
  config.ram_allocation_ratio = cp.ram_allocation_ratio;
  config.disk_allocation_ratio = cp.disk_allocation_ratio;
  config.reserved_host_cpus = cp.reserved_host_cpus * kMilli;
  config.reserved_host_memory_mb = cp.reserved_host_memory_mb;
  config.reserved_host_disk_mb = cp.reserved_host_disk_gb * 1024;
  config.host_subset_size = spec.host_subset_size;
  config.shuffle_best_same_weighed_hosts = spec.shuffle_best_same_weighed_hosts;
  config.max_attempts = spec.max_attempts;
  config.seed = scenario.seed;
  return config;
}

scheduler::Scheduler make_scheduler(const Scenario& scenario) {
  try {
    return scheduler::Scheduler(nova_config(scenario));
  } catch (const scheduler::SchedulerConfigError& e) {
    throw ScenarioError(scenario.file, kSchedulerPath, e.what());
  }
}

scheduler::HostUsage usage_of(const HostPool& hosts, int h) {
  const Demand& used = hosts.used(h);
  // The runner has no I/O-heavy task states to count (io_workload): claims are reported at once.
  return {used.vcpu_milli, used.memory_mb, used.disk_gb, std::nullopt, hosts.instances(h), 0};
}

}  // namespace

NovaPlacement::NovaPlacement(const Scenario& scenario, const HostPool& hosts,
                             const std::vector<HostRow>& rows)
    : hosts_(hosts), scheduler_(make_scheduler(scenario)) {
  const auto& classes = scenario.datacenter.host_classes;
  const std::string default_zone = scheduler_.config().default_availability_zone;
  for (int h = 0; h < hosts.size(); ++h) {
    const HostRow& row = rows.at(static_cast<std::size_t>(h));
    const HostClass& c = classes.at(hosts.info(h).host_class);
    scheduler::HostInfo info;
    info.name = row.name;
    info.vcpus = row.vcpus * kMilli;
    info.memory_mb = row.memory_mb;
    info.disk_gb = row.disk_gb.value_or(kUnmodelledDiskGb);
    info.cpu_allocation_ratio = c.cpu_allocation_ratio;
    info.ram_allocation_ratio = c.ram_allocation_ratio;
    info.disk_allocation_ratio = c.disk_allocation_ratio;
    const scheduler::HostUsage usage = usage_of(hosts, h);
    info.vcpus_used = usage.vcpus_used;
    info.memory_mb_used = usage.memory_mb_used;
    info.disk_gb_used = usage.disk_gb_used;
    info.num_instances = usage.num_instances;
    info.forced_down = !hosts.up(h);
    const scheduler::HostId id = scheduler_.add_host(info);
    // The class's properties are the metadata of an aggregate of its hosts (weight multiplier
    // overrides and AggregateInstanceExtraSpecsFilter see them); its zone is an aggregate too.
    const std::string class_aggregate = "class:" + c.name;
    scheduler_.add_host_to_aggregate(class_aggregate, id);
    scheduler_.set_aggregate_metadata(class_aggregate, c.properties);
    if (c.availability_zone != default_zone) {
      const std::string zone_aggregate = "az:" + c.availability_zone;
      scheduler_.set_aggregate_metadata(zone_aggregate,
                                        {{"availability_zone", c.availability_zone}});
      scheduler_.add_host_to_aggregate(zone_aggregate, id);
    }
    for (const std::string& aggregate : c.aggregates)
      scheduler_.add_host_to_aggregate(aggregate, id);
  }
  request_.flavor.name = "runner";
  request_.instance_uuids = {"runner-instance"};
  options_.top_hosts = 0;
  options_.alternates = false;
  options_.record_instances = false;
}

int NovaPlacement::select(const Demand& d, const std::function<bool(int)>& allowed) {
  if (d.vcpu_milli > std::numeric_limits<int>::max()) return -1;  // no host is that large
  request_.flavor.vcpus = static_cast<int>(d.vcpu_milli);
  request_.flavor.memory_mb = d.memory_mb;
  request_.flavor.root_gb = d.disk_gb;
  if (allowed) {
    options_.host_allowed = [&allowed](scheduler::HostId h) {
      return allowed(static_cast<int>(h));
    };
  } else {
    options_.host_allowed = nullptr;
  }
  scheduler_.select_destinations(request_, runtime::TimePoint{}, options_, decision_);
  options_.host_allowed = nullptr;
  if (!decision_.ok()) return -1;
  return static_cast<int>(decision_.selections.front().host);
}

void NovaPlacement::host_changed(int h) {
  const auto id = static_cast<scheduler::HostId>(h);
  scheduler_.report_usage(id, usage_of(hosts_, h));
  scheduler_.set_forced_down(id, !hosts_.up(h));
}

}  // namespace stacksim::scenarios
