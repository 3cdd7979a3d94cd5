#pragma once
// The Swift rings a scenario's datacenter.storage.swift_rings describe, built as an operator
// would with swift-ring-builder: create <part_power> <replicas> <min_part_hours>, add every
// device (r<region>z<zone>-<host>:<port>/<device> <weight>), rebalance. Devices are addressed by
// their datacenter host's name (Swift accepts host names in rings), so a device's server is the
// host the simulated backend knows; ports are Swift's defaults for the ring's server kind.

#include <string>
#include <vector>

#include "core/objectstore/object_controller.hpp"
#include "core/objectstore/ring.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

struct ScenarioRing {
  std::string name;  // account, container or object
  objectstore::RingBuilder builder;
  objectstore::ObjectServerHosts hosts;  // device ip -> datacenter host (the identity here)
};

/// Swift's default server port: object 6200, container 6201, account 6202.
int swift_server_port(const std::string& ring_name);

/// One builder per ring spec, rebalanced with the scenario's seed at time 0.
std::vector<ScenarioRing> build_scenario_rings(const Scenario& scenario);

/// The [swift-hash] salt a scenario's cluster uses: derived from its seed, so placements are
/// reproducible and differ between seeds as between two real clusters.
objectstore::HashPathConfig scenario_hash_path(const Scenario& scenario);

}  // namespace stacksim::scenarios
