#include "scenarios/datacenter/datacenter_topology.hpp"

#include "scenarios/scenario_error.hpp"
#include "sim/models/fat_tree.hpp"
#include "sim/models/leaf_spine.hpp"

namespace stacksim::scenarios {
namespace {

constexpr double kBytesPerGbit = 1.25e8;

sim::Topology build_fabric(const TopologySpec& t, const std::vector<std::string>& hosts) {
  if (t.kind == "fat-tree") {
    sim::FatTreeSpec spec;
    spec.k = t.k;
    spec.host_bandwidth = t.host_gbps * kBytesPerGbit;
    spec.fabric_bandwidth = t.fabric_gbps * kBytesPerGbit;
    spec.latency = t.latency_us * 1e-6;
    spec.availability_zones = t.availability_zones;
    return sim::build_fat_tree(spec);
  }
  if (t.kind == "leaf-spine") {
    sim::LeafSpineSpec spec;
    spec.tiers = t.tiers;
    spec.pods = t.pods;
    spec.leaves = t.leaves;
    spec.spines = t.spines;
    spec.super_spines_per_plane = t.super_spines_per_plane;
    spec.hosts_per_leaf = t.hosts_per_leaf;
    spec.host_bandwidth = t.host_gbps * kBytesPerGbit;
    spec.leaf_bandwidth = t.fabric_gbps * kBytesPerGbit;
    spec.spine_bandwidth = t.spine_gbps * kBytesPerGbit;
    spec.latency = t.latency_us * 1e-6;
    return sim::build_leaf_spine(spec);
  }
  // "none": the network is not the subject, so one non-blocking switch joins every host.
  sim::Topology star;
  const sim::NodeId tor = star.add_node("switch-1", sim::NodeKind::network_switch);
  for (const std::string& host : hosts) {
    const sim::NodeId node =
        star.add_node(host, sim::NodeKind::host, {"region-1", "az-1", "rack-1"});
    star.add_cable(node, tor, t.host_gbps * kBytesPerGbit, t.latency_us * 1e-6);
  }
  return star;
}

}  // namespace

std::vector<std::string> datacenter_host_names(const Scenario& scenario) {
  std::vector<std::string> compute;
  std::vector<std::string> others;
  for (const HostClass& c : scenario.datacenter.host_classes) {
    auto& names = c.role == "compute" ? compute : others;
    for (std::int64_t i = 0; i < c.count; ++i)
      names.push_back(c.host_name(i));
  }
  compute.insert(compute.end(), others.begin(), others.end());
  return compute;
}

sim::Topology build_datacenter_topology(const Scenario& scenario,
                                        const std::vector<std::string>& hosts) {
  const TopologySpec& t = scenario.datacenter.topology;
  sim::Topology topology = build_fabric(t, hosts);
  const auto slots = topology.hosts();
  if (slots.size() < hosts.size()) {
    throw ScenarioError(scenario.file, "/datacenter/topology",
                        "the " + t.kind + " has " + std::to_string(slots.size()) +
                            " host slots, the datacenter " + std::to_string(hosts.size()) +
                            " hosts");
  }
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    try {
      topology.rename_node(slots[i], hosts[i]);
    } catch (const std::invalid_argument& e) {
      throw ScenarioError(scenario.file, "/datacenter/host_classes",
                          "host " + hosts[i] + ": " + e.what());
    }
  }
  return topology;
}

}  // namespace stacksim::scenarios
