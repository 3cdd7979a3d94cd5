#include "core/scheduler/plugin_registry.hpp"

#include "core/scheduler/filters/aggregate_instance_extra_specs_filter.hpp"
#include "core/scheduler/filters/availability_zone_filter.hpp"
#include "core/scheduler/filters/compute_capabilities_filter.hpp"
#include "core/scheduler/filters/compute_filter.hpp"
#include "core/scheduler/filters/different_host_filter.hpp"
#include "core/scheduler/filters/image_properties_filter.hpp"
#include "core/scheduler/filters/numa_topology_filter.hpp"
#include "core/scheduler/filters/same_host_filter.hpp"
#include "core/scheduler/filters/server_group_affinity_filter.hpp"
#include "core/scheduler/filters/server_group_anti_affinity_filter.hpp"
#include "core/scheduler/weighers/build_failure_weigher.hpp"
#include "core/scheduler/weighers/cpu_weigher.hpp"
#include "core/scheduler/weighers/disk_weigher.hpp"
#include "core/scheduler/weighers/io_ops_weigher.hpp"
#include "core/scheduler/weighers/ram_weigher.hpp"
#include "core/scheduler/weighers/server_group_soft_affinity.hpp"

namespace stacksim::scheduler {
namespace {

template <class T>
std::unique_ptr<T> make_unique_default() {
  return std::make_unique<T>();
}

template <class Map>
std::string known(const Map& map) {
  std::string list;
  for (const auto& [name, factory] : map)
    list += (list.empty() ? "" : ", ") + name;
  return list;
}

}  // namespace

PluginRegistry PluginRegistry::with_builtins() {
  PluginRegistry r;
  r.add_filter("ComputeFilter", make_unique_default<ComputeFilter>);
  r.add_filter("AvailabilityZoneFilter", make_unique_default<AvailabilityZoneFilter>);
  r.add_filter("ComputeCapabilitiesFilter", make_unique_default<ComputeCapabilitiesFilter>);
  r.add_filter("ImagePropertiesFilter", make_unique_default<ImagePropertiesFilter>);
  r.add_filter("ServerGroupAntiAffinityFilter", make_unique_default<ServerGroupAntiAffinityFilter>);
  r.add_filter("ServerGroupAffinityFilter", make_unique_default<ServerGroupAffinityFilter>);
  r.add_filter("AggregateInstanceExtraSpecsFilter",
               make_unique_default<AggregateInstanceExtraSpecsFilter>);
  r.add_filter("SameHostFilter", make_unique_default<SameHostFilter>);
  r.add_filter("DifferentHostFilter", make_unique_default<DifferentHostFilter>);
  r.add_filter("NUMATopologyFilter", make_unique_default<NUMATopologyFilter>);
  r.add_weigher("RAMWeigher", make_unique_default<RAMWeigher>);
  r.add_weigher("CPUWeigher", make_unique_default<CPUWeigher>);
  r.add_weigher("DiskWeigher", make_unique_default<DiskWeigher>);
  r.add_weigher("IoOpsWeigher", make_unique_default<IoOpsWeigher>);
  r.add_weigher("ServerGroupSoftAffinityWeigher",
                make_unique_default<ServerGroupSoftAffinityWeigher>);
  r.add_weigher("ServerGroupSoftAntiAffinityWeigher",
                make_unique_default<ServerGroupSoftAntiAffinityWeigher>);
  r.add_weigher("BuildFailureWeigher", make_unique_default<BuildFailureWeigher>);
  return r;
}

void PluginRegistry::add_filter(std::string name, FilterFactory factory) {
  filters_.insert_or_assign(std::move(name), std::move(factory));
}

void PluginRegistry::add_weigher(std::string name, WeigherFactory factory) {
  weighers_.insert_or_assign(std::move(name), std::move(factory));
}

std::unique_ptr<Filter> PluginRegistry::make_filter(std::string_view name) const {
  const auto it = filters_.find(name);
  if (it == filters_.end()) {
    throw SchedulerConfigError("unknown filter \"" + std::string(name) +
                               "\"; known filters: " + known(filters_));
  }
  return it->second();
}

std::unique_ptr<Weigher> PluginRegistry::make_weigher(std::string_view name) const {
  const auto it = weighers_.find(name);
  if (it == weighers_.end()) {
    throw SchedulerConfigError("unknown weigher \"" + std::string(name) +
                               "\"; known weighers: " + known(weighers_));
  }
  return it->second();
}

std::vector<std::string> PluginRegistry::filter_names() const {
  std::vector<std::string> names;
  for (const auto& [name, factory] : filters_)
    names.push_back(name);
  return names;
}

std::vector<std::string> PluginRegistry::weigher_names() const {
  std::vector<std::string> names;
  for (const auto& [name, factory] : weighers_)
    names.push_back(name);
  return names;
}

}  // namespace stacksim::scheduler
