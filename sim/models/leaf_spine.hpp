#pragma once
// Leaf-spine fabrics. Two tiers: every leaf (a rack's top-of-rack switch) connects to every spine.
// Three tiers: `pods` two-tier fabrics whose spine s connects to every super-spine of plane s
// (`super_spines_per_plane` each); each pod is an availability zone.

#include <string>

#include "sim/models/topology.hpp"

namespace stacksim::sim {

struct LeafSpineSpec {
  int tiers = 2;                   // 2 or 3
  int pods = 1;                    // must be 1 with 2 tiers
  int leaves = 4;                  // per pod
  int spines = 2;                  // per pod
  int super_spines_per_plane = 1;  // 3 tiers only
  int hosts_per_leaf = 4;
  double host_bandwidth = 1.25e9;  // bytes/s per direction
  double leaf_bandwidth = 5e9;     // leaf-spine links
  double spine_bandwidth = 5e9;    // spine-super-spine links
  double latency = 1e-6;           // s, per link
  std::string region = "region-1";
};

/// Names: host-<pod>-<leaf>-<i>, leaf-<pod>-<l>, spine-<pod>-<s>, super-<plane>-<x>; racks
/// rack-<pod>-<leaf>, zones az-<pod + 1>.
Topology build_leaf_spine(const LeafSpineSpec& spec);

}  // namespace stacksim::sim
