#include "scenarios/runner/fit_policy.hpp"

#include "scenarios/runner/nova_placement.hpp"
#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {

FitPolicy::FitPolicy(const HostPool& hosts, FitRule rule) : rule_(rule), index_(hosts, rule) {
}

int FitPolicy::select(const Demand& d, const std::function<bool(int)>& allowed) {
  return allowed ? index_.select_if(d, allowed) : index_.select(d);
}

std::string FitPolicy::name() const {
  switch (rule_) {
    case FitRule::best_fit:
      return "best-fit";
    case FitRule::worst_fit:
      return "worst-fit";
    case FitRule::first_fit:
      return "first-fit";
  }
  return "";
}

std::unique_ptr<PlacementPolicy> make_placement_policy(const Scenario& scenario,
                                                       const HostPool& hosts,
                                                       const std::vector<HostRow>& rows) {
  const SchedulerSpec& spec = scenario.control_plane.scheduler;
  if (spec.placement_policy == "nova")
    return std::make_unique<NovaPlacement>(scenario, hosts, rows);
  if (spec.placement_policy == "best-fit")
    return std::make_unique<FitPolicy>(hosts, FitRule::best_fit);
  if (spec.placement_policy == "worst-fit") {
    return std::make_unique<FitPolicy>(hosts, FitRule::worst_fit);
  }
  if (spec.placement_policy == "first-fit") {
    return std::make_unique<FitPolicy>(hosts, FitRule::first_fit);
  }
  throw ScenarioError(scenario.file, "/control_plane/scheduler/placement_policy",
                      "unknown placement policy \"" + spec.placement_policy +
                          "\"; use nova, best-fit, first-fit or worst-fit");
}

}  // namespace stacksim::scenarios
