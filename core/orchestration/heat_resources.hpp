#pragma once
// OS::Heat::ResourceGroup (count copies of a definition), OS::Heat::AutoScalingGroup (a group
// resized by scaling policies between min_size and max_size; its members' ids form the telemetry
// resource group named by the group's physical id, which alarms aggregate over) and
// OS::Heat::ScalingPolicy (an adjustment applied when its alarm_url is signalled).

#include "core/orchestration/plugin_registry.hpp"
#include "core/orchestration/scaling_adjustment.hpp"

namespace stacksim::orchestration {

void add_heat_resources(PluginRegistry& registry);

inline constexpr const char* type_autoscaling_group = "OS::Heat::AutoScalingGroup";
inline constexpr const char* type_scaling_policy = "OS::Heat::ScalingPolicy";

/// An AutoScalingGroup's size and bounds, from its ResourceData.
struct GroupSize {
  int current = 0;
  int min_size = 0;
  int max_size = 0;
};
GroupSize autoscaling_group_size(const ResourceData& group);

/// Resizes an AutoScalingGroup to `capacity` (within its bounds): new members are created in
/// parallel; the oldest members are removed first, as Heat does.
runtime::Task<ResourceData> resize_autoscaling_group(PluginContext ctx, ResourceData group,
                                                     int capacity);

/// A ScalingPolicy's settings, from its ResourceData.
struct ScalingPolicySettings {
  std::string group_id;  // the AutoScalingGroup's physical id
  AdjustmentType adjustment_type = AdjustmentType::change_in_capacity;
  double scaling_adjustment = 0;
  runtime::Duration cooldown{0};
  int min_adjustment_step = 0;
};
ScalingPolicySettings scaling_policy_settings(const ResourceData& policy);

/// "heat://<stack id>/<resource name>": the URL an alarm action signals a policy with.
std::string signal_url(const std::string& stack_id, const std::string& resource_name);

}  // namespace stacksim::orchestration
