#pragma once
// How the experiment runner picks a host for an instance. The fit policies (best-fit, first-fit,
// worst-fit) run on a FitIndex; the Nova filter scheduler (core/scheduler) plugs in here as
// another policy.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/runner/demand.hpp"
#include "scenarios/runner/host_pool.hpp"
#include "scenarios/runner/run_recorder.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  /// The host for an instance needing `d`, or -1 (NoValidHost). `allowed`, when set, restricts the
  /// candidates (server-group and attribute constraints).
  virtual int select(const Demand& d, const std::function<bool(int)>& allowed) = 0;
  /// Called after a host's usage or state changed.
  virtual void host_changed(int h) = 0;
  [[nodiscard]] virtual std::string name() const = 0;
};

/// The policy the scenario's scheduler section names over `hosts` (`rows` describes them);
/// throws ScenarioError for a policy this build lacks.
std::unique_ptr<PlacementPolicy> make_placement_policy(const Scenario& scenario,
                                                       const HostPool& hosts,
                                                       const std::vector<HostRow>& rows);

}  // namespace stacksim::scenarios
