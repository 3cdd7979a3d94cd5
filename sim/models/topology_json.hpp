#pragma once
// Topologies from JSON: either a builder ({"fat_tree": {"k": 4, ...}} or {"leaf_spine": {...}})
// or an explicit graph:
//   {"nodes": [{"name": "h1", "kind": "host", "region": "r1", "availability_zone": "az1",
//               "rack": "rack1"}, {"name": "tor1", "kind": "switch"}, ...],
//    "links": [{"from": "h1", "to": "tor1", "bandwidth": 1.25e9, "latency": 1e-6,
//               "duplex": true}, ...]}
// Bandwidth in bytes/s, latency in s; a duplex link (the default) is two one-directional links.
// Errors name the file and the JSON path of the element (unknown node, negative bandwidth,
// disconnected host, ...).

#include <string>

#include "sim/models/json_input.hpp"
#include "sim/models/topology.hpp"

namespace stacksim::sim {

Topology read_topology(const JsonInput& input);
Topology read_topology_file(const std::string& file);

}  // namespace stacksim::sim
