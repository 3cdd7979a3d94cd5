#pragma once
// How the hosts that passed the filters are weighed before the stable sort (highest first, ties in
// list order) and the claim walk: Nova's weighers ("nova"), or one of the packing policies kept
// for experiments. Selected by SchedulerConfig::placement_policy.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/scheduler/config.hpp"
#include "core/scheduler/plugin_registry.hpp"
#include "core/scheduler/request_context.hpp"

namespace stacksim::scheduler {

/// Per-component scores of the weighed hosts, for explanations: scores[c][i] is component c's
/// contribution to hosts[i]'s weight.
struct WeightBreakdown {
  std::vector<std::string> components;
  std::vector<std::vector<double>> scores;
};

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  /// Component names (weigher names, or the policy's single score).
  [[nodiscard]] virtual std::vector<std::string> components() const = 0;
  /// weights[i] for hosts[i] (resized by the policy); fills `breakdown` when non-null.
  virtual void weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                     std::vector<double>& weights, WeightBreakdown* breakdown) = 0;
};

/// The names SchedulerConfig::placement_policy accepts.
std::vector<std::string> placement_policy_names();

/// Throws SchedulerConfigError for an unknown policy or weigher name.
std::unique_ptr<PlacementPolicy> make_placement_policy(const SchedulerConfig& config,
                                                       const PluginRegistry& registry);

}  // namespace stacksim::scheduler
