#pragma once
// OS::Aodh::Alarm: a threshold alarm in the telemetry service. matching_metadata
// {"metering.server_group": <AutoScalingGroup id>} aggregates over that group's members.

#include "core/orchestration/plugin_registry.hpp"

namespace stacksim::orchestration {

void add_aodh_resources(PluginRegistry& registry);

}  // namespace stacksim::orchestration
