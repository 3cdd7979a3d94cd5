#pragma once
// The simulated datacenter (sim::SimulatedDatacenter) a scenario's datacenter section describes:
// its topology with the scenario's host names, every host's capacity, disk and power model, the
// boot delay and the seed. scenarios::Cloud runs its control plane on it; the experiment runner
// uses it for what it does not model itself (Swift replication traffic).

#include <string>

#include "scenarios/schema/scenario.hpp"
#include "sim/backend/simulated_backend.hpp"

namespace stacksim::scenarios {

/// Images are served from `image_store` (a host name). Throws ScenarioError when the topology
/// has too few host slots.
sim::SimulatedDatacenter simulated_datacenter(const Scenario& scenario,
                                              const std::string& image_store);

/// The host serving images (Glance's store): the first controller, else the first host. Throws
/// ScenarioError when the datacenter has no hosts.
std::string choose_image_store(const Scenario& scenario);

}  // namespace stacksim::scenarios
