#include "sim/models/leaf_spine.hpp"

#include <stdexcept>
#include <vector>

namespace stacksim::sim {

namespace {

void require_positive(int value, const char* what) {
  if (value < 1) {
    throw std::invalid_argument(std::string("leaf-spine ") + what + " must be >= 1, got " +
                                std::to_string(value));
  }
}

}  // namespace

Topology build_leaf_spine(const LeafSpineSpec& spec) {
  if (spec.tiers != 2 && spec.tiers != 3) {
    throw std::invalid_argument("leaf-spine tiers must be 2 or 3, got " +
                                std::to_string(spec.tiers));
  }
  require_positive(spec.pods, "pods");
  require_positive(spec.leaves, "leaves");
  require_positive(spec.spines, "spines");
  require_positive(spec.hosts_per_leaf, "hosts_per_leaf");
  if (spec.tiers == 2 && spec.pods != 1) {
    throw std::invalid_argument("a two-tier leaf-spine has one pod; use tiers 3 for " +
                                std::to_string(spec.pods));
  }
  if (spec.tiers == 3) require_positive(spec.super_spines_per_plane, "super_spines_per_plane");
  const auto id = [](int n) { return std::to_string(n); };
  Topology t;
  std::vector<std::vector<NodeId>> planes(static_cast<std::size_t>(spec.spines));
  if (spec.tiers == 3) {
    for (int s = 0; s < spec.spines; ++s) {
      for (int x = 0; x < spec.super_spines_per_plane; ++x) {
        planes[static_cast<std::size_t>(s)].push_back(
            t.add_node("super-" + id(s) + "-" + id(x), NodeKind::network_switch));
      }
    }
  }
  for (int pod = 0; pod < spec.pods; ++pod) {
    const std::string zone = "az-" + id(pod + 1);
    std::vector<NodeId> spines;
    for (int s = 0; s < spec.spines; ++s) {
      spines.push_back(t.add_node("spine-" + id(pod) + "-" + id(s), NodeKind::network_switch,
                                  {spec.region, zone, ""}));
      for (NodeId super : planes[static_cast<std::size_t>(s)]) {
        t.add_cable(spines.back(), super, spec.spine_bandwidth, spec.latency);
      }
    }
    for (int l = 0; l < spec.leaves; ++l) {
      const std::string rack = "rack-" + id(pod) + "-" + id(l);
      const NodeId leaf = t.add_node("leaf-" + id(pod) + "-" + id(l), NodeKind::network_switch,
                                     {spec.region, zone, rack});
      for (NodeId spine : spines)
        t.add_cable(leaf, spine, spec.leaf_bandwidth, spec.latency);
      for (int h = 0; h < spec.hosts_per_leaf; ++h) {
        const NodeId host = t.add_node("host-" + id(pod) + "-" + id(l) + "-" + id(h),
                                       NodeKind::host, {spec.region, zone, rack});
        t.add_cable(host, leaf, spec.host_bandwidth, spec.latency);
      }
    }
  }
  return t;
}

}  // namespace stacksim::sim
