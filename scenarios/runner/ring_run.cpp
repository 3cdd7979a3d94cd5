#include "scenarios/runner/ring_run.hpp"

#include <algorithm>
#include <limits>

#include "scenarios/datacenter/simulated_datacenter.hpp"

namespace stacksim::scenarios {

RingRun::RingRun(const Scenario& scenario, std::vector<ScenarioRing> rings,
                 runtime::Backend& backend, runtime::TimePoint start)
    : backend_(backend),
      event_count_(scenario.ring_events.size()),
      plan_(plan_ring_events(scenario, std::move(rings), start)) {
}

void RingRun::start(std::function<void()> on_done) {
  on_done_ = std::move(on_done);
  running_ = plan_.replication.size();
  reports_.resize(running_);
  for (std::size_t i = 0; i < plan_.replication.size(); ++i) {
    RingReplicationPlan& p = plan_.replication[i];
    replicators_.push_back(
        std::make_unique<objectstore::Replicator>(backend_, p.initial, p.config));
    tasks_.push_back(runtime::spawn(backend_.executor(), replicate(this, i, std::move(p.events))));
  }
  if (running_ == 0 && on_done_) on_done_();
}

runtime::Task<void> RingRun::replicate(RingRun* self, std::size_t index,
                                       std::vector<objectstore::ReplicationEvent> events) {
  try {
    self->reports_[index] = co_await self->replicators_[index]->run(std::move(events));
  } catch (...) {
    // The run must still end; results() rethrows from the task handle.
    if (--self->running_ == 0 && self->on_done_) self->on_done_();
    throw;
  }
  if (--self->running_ == 0 && self->on_done_) self->on_done_();
}

RingRunResults RingRun::results() const {
  for (const runtime::TaskHandle& task : tasks_)
    task.rethrow_if_failed();
  RingRunResults results;
  results.rebalances = plan_.rebalances;
  for (std::size_t i = 0; i < plan_.replication.size(); ++i) {
    RingReplicationResult r;
    r.ring = plan_.replication[i].ring;
    r.replicas = static_cast<int>(plan_.replication[i].initial.replica_count());
    r.finished = reports_[i].has_value();
    r.report = r.finished ? *reports_[i] : replicators_[i]->progress();
    results.replication.push_back(std::move(r));
  }
  return results;
}

void RingRun::summarize(RunSummary& summary) const {
  summary.ring_events = static_cast<std::int64_t>(event_count_);
  // Every ring's initial build is recorded too; it is not one of the scenario's rebalances.
  summary.ring_rebalances =
      static_cast<std::int64_t>(plan_.rebalances.size() - plan_.final_rings.size());
  double first = std::numeric_limits<double>::infinity();
  double settled = 0;
  bool complete = true;
  for (const RingReplicationResult& r : results().replication) {
    summary.ring_bytes_moved += r.report.bytes_moved;
    complete = complete && r.finished && r.report.fully_replicated;
    first = std::min(first, r.report.first_event_s);
    settled = std::max(settled, r.report.settled_s);
  }
  if (complete && !plan_.replication.empty()) {
    summary.ring_time_to_full_replication_s = settled - first;
  }
}

SimulatedRingRun::SimulatedRingRun(const Scenario& scenario, sim::Simulator& simulator)
    : backend_(simulator, simulated_datacenter(scenario, choose_image_store(scenario))),
      run_(scenario, build_scenario_rings(scenario), backend_, simulator.now()) {
}

}  // namespace stacksim::scenarios
