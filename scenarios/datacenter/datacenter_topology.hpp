#pragma once
// The physical network a scenario's datacenter section describes, with its hosts named as the
// scenario names them. Builders name host slots by position (host-<pod>-<edge>-<i>); the scenario's
// compute hosts take the slots in order, then its other nodes (controllers, network and storage
// nodes). Slots left over keep their builder names and carry no service.

#include <string>
#include <vector>

#include "scenarios/schema/scenario.hpp"
#include "sim/models/topology.hpp"

namespace stacksim::scenarios {

/// Compute hosts first, then the other nodes, each class in file order (HostClass::host_name).
std::vector<std::string> datacenter_host_names(const Scenario& scenario);

/// Builds `scenario.datacenter.topology` and names its first host slots `hosts`. Kind "none"
/// becomes one switch with every host on a cable of the topology's host bandwidth and latency.
/// Throws ScenarioError (at /datacenter/topology) when the fabric has too few host slots.
sim::Topology build_datacenter_topology(const Scenario& scenario,
                                        const std::vector<std::string>& hosts);

}  // namespace stacksim::scenarios
