#include "sim/models/fat_tree.hpp"

#include <stdexcept>
#include <vector>

namespace stacksim::sim {

Topology build_fat_tree(const FatTreeSpec& spec) {
  const int k = spec.k;
  if (k < 2 || k % 2 != 0) {
    throw std::invalid_argument("fat-tree k must be even and >= 2, got " + std::to_string(k));
  }
  if (spec.availability_zones < 1 || spec.availability_zones > k) {
    throw std::invalid_argument("fat-tree availability_zones must be in 1..k (" +
                                std::to_string(k) + "), got " +
                                std::to_string(spec.availability_zones));
  }
  const int half = k / 2;
  const auto id = [](int n) { return std::to_string(n); };
  Topology t;
  std::vector<NodeId> core;
  for (int c = 0; c < half * half; ++c) {
    core.push_back(t.add_node("core-" + id(c), NodeKind::network_switch));
  }
  for (int pod = 0; pod < k; ++pod) {
    const std::string zone = "az-" + id(1 + pod * spec.availability_zones / k);
    std::vector<NodeId> aggregation;
    for (int a = 0; a < half; ++a) {
      aggregation.push_back(t.add_node("agg-" + id(pod) + "-" + id(a), NodeKind::network_switch,
                                       {spec.region, zone, ""}));
      for (int c = 0; c < half; ++c) {
        t.add_cable(aggregation.back(), core[static_cast<std::size_t>(a * half + c)],
                    spec.fabric_bandwidth, spec.latency);
      }
    }
    for (int e = 0; e < half; ++e) {
      const std::string rack = "rack-" + id(pod) + "-" + id(e);
      const NodeId edge = t.add_node("edge-" + id(pod) + "-" + id(e), NodeKind::network_switch,
                                     {spec.region, zone, rack});
      for (NodeId agg : aggregation)
        t.add_cable(edge, agg, spec.fabric_bandwidth, spec.latency);
      for (int h = 0; h < half; ++h) {
        const NodeId host = t.add_node("host-" + id(pod) + "-" + id(e) + "-" + id(h),
                                       NodeKind::host, {spec.region, zone, rack});
        t.add_cable(host, edge, spec.host_bandwidth, spec.latency);
      }
    }
  }
  return t;
}

}  // namespace stacksim::sim
