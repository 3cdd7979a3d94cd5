#pragma once
// The Nova filter scheduler (core/scheduler) as the runner's "nova" placement policy, with the
// scenario's filters, weighers, multipliers, allocation ratios and reserved amounts. The runner's
// HostPool stays the record of usage: after every claim, release or failure the host reports its
// usage to the scheduler the way a compute node's resource tracker does.
//
// Units: the scheduler counts vCPUs in the runner's milli-vCPUs (traces ask for fractions of a
// core), so its capacity rule is exactly HostPool::fits. Weighers normalise over the candidates,
// so the scale does not change a weight (exactly so for allocation ratios that are dyadic, such
// as 16.0 or 1.5). Hosts whose disk is not modelled report a disk too large to fill.

#include <string>
#include <vector>

#include "core/scheduler/scheduler.hpp"
#include "scenarios/runner/placement_policy.hpp"
#include "scenarios/runner/run_recorder.hpp"

namespace stacksim::scenarios {

class NovaPlacement final : public PlacementPolicy {
 public:
  /// `rows` describes hosts_ (physical sizes); throws ScenarioError for an unknown filter,
  /// weigher or bad scheduler option.
  NovaPlacement(const Scenario& scenario, const HostPool& hosts, const std::vector<HostRow>& rows);

  int select(const Demand& d, const std::function<bool(int)>& allowed) override;
  void host_changed(int h) override;
  [[nodiscard]] std::string name() const override { return "nova"; }

  [[nodiscard]] const scheduler::Scheduler& scheduler() const noexcept { return scheduler_; }

 private:
  const HostPool& hosts_;
  scheduler::Scheduler scheduler_;
  scheduler::RequestSpec request_;
  scheduler::SelectOptions options_;
  scheduler::Decision decision_;
};

}  // namespace stacksim::scenarios
