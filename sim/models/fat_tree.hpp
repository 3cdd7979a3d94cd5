#pragma once
// The k-ary fat-tree (Al-Fares et al., SIGCOMM 2008): k pods of k/2 edge and k/2 aggregation
// switches, (k/2)^2 core switches, k/2 hosts per edge switch (k^3/4 hosts). Aggregation switch a of
// every pod connects to cores a*k/2 .. a*k/2 + k/2 - 1. Each edge switch is a rack; pods are split
// into availability zones in contiguous blocks.

#include <string>

#include "sim/models/topology.hpp"

namespace stacksim::sim {

struct FatTreeSpec {
  int k = 4;                         // even, >= 2
  double host_bandwidth = 1.25e9;    // bytes/s per direction (10 Gb/s)
  double fabric_bandwidth = 1.25e9;  // edge-aggregation and aggregation-core links
  double latency = 1e-6;             // s, per link
  std::string region = "region-1";
  int availability_zones = 1;  // 1 .. k
};

/// Names: host-<pod>-<edge>-<i>, edge-<pod>-<e>, agg-<pod>-<a>, core-<c>; racks rack-<pod>-<edge>,
/// zones az-<n> (from 1).
Topology build_fat_tree(const FatTreeSpec& spec);

}  // namespace stacksim::sim
