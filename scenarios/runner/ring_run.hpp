#pragma once
// The ring events of a scenario during a run (both the experiment runner and the control-plane
// run): plans the builder operations (plan_ring_events) and runs each affected ring's object
// replicators on the run's backend while the rest of the run goes on, so replication traffic
// shares the simulated disks and network. Results: rebalances, replication progress, summary.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/objectstore/replicator.hpp"
#include "core/runtime/backend.hpp"
#include "core/runtime/spawn.hpp"
#include "scenarios/rings/ring_event_plan.hpp"
#include "scenarios/rings/ring_run_results.hpp"
#include "scenarios/runner/run_summary.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::scenarios {

class RingRun {
 public:
  /// Plans `scenario.ring_events` on `rings`; replicator events fall at `start` + at_s.
  RingRun(const Scenario& scenario, std::vector<ScenarioRing> rings, runtime::Backend& backend,
          runtime::TimePoint start);
  RingRun(const RingRun&) = delete;
  RingRun& operator=(const RingRun&) = delete;

  /// Starts the replicators; `on_done` runs once all have finished (at once when none run).
  void start(std::function<void()> on_done);
  [[nodiscard]] bool done() const noexcept { return running_ == 0; }
  /// Rebalances and replication so far; rethrows a replicator's failure.
  [[nodiscard]] RingRunResults results() const;
  /// Fills the summary's ring_* figures.
  void summarize(RunSummary& summary) const;

 private:
  static runtime::Task<void> replicate(RingRun* self, std::size_t index,
                                       std::vector<objectstore::ReplicationEvent> events);

  runtime::Backend& backend_;
  std::size_t event_count_ = 0;
  RingEventPlan plan_;
  std::vector<std::unique_ptr<objectstore::Replicator>> replicators_;
  std::vector<std::optional<objectstore::ReplicationReport>> reports_;
  std::vector<runtime::TaskHandle> tasks_;
  std::size_t running_ = 0;
  std::function<void()> on_done_;
};

/// The experiment runner models hosts itself; its ring events run on a SimulatedBackend of the
/// datacenter (simulated_datacenter, as Cloud builds it) on the runner's simulator, so the
/// replication traffic meets the topology's links and the hosts' disks.
class SimulatedRingRun {
 public:
  SimulatedRingRun(const Scenario& scenario, sim::Simulator& simulator);
  [[nodiscard]] RingRun& rings() noexcept { return run_; }

 private:
  sim::SimulatedBackend backend_;
  RingRun run_;
};

}  // namespace stacksim::scenarios
