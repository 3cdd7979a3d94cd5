#pragma once
// The scenario's autoscaling section run on its control plane (docs/scenarios.md): the admin
// creates the section's Heat stack, the cloud's telemetry polls the group's members, Aodh alarms
// signal the scaling policies, and the experiment samples the group against the diurnal demand
// (orchestration::run_autoscaling). On the simulated datacenter each member's vCPUs are as busy
// as its share of the demand, so the hosts' power and energy follow the load.

#include <optional>

#include "core/orchestration/autoscaling_experiment.hpp"
#include "scenarios/cloud/cloud.hpp"

namespace stacksim::scenarios {

/// Runs `scenario.autoscaling` (which must be set) to its end on the cloud's clock. Throws
/// ScenarioError naming the section when the stack cannot be created.
orchestration::AutoscalingResult run_autoscaling_on_cloud(Cloud& cloud, const Scenario& scenario);

}  // namespace stacksim::scenarios
