#include "python/src/simulation.hpp"

namespace stacksim::python {

Simulation::Simulation(scenarios::Scenario scenario, const std::string& database)
    : scenario_(std::move(scenario)),
      database_(database.empty() ? nullptr
                                 : std::make_unique<scenarios::ResultsDatabase>(database)),
      recorder_(database_.get()),
      experiment_(std::make_unique<scenarios::Experiment>(scenario_)) {
}

scenarios::Experiment::Advance Simulation::advance(const scenarios::RunControl& control,
                                                   std::optional<double> until_s,
                                                   std::uint64_t max_events) {
  if (summary_) throw std::logic_error("the run is finished; create a new Simulation");
  if (!experiment_->started()) experiment_->start(&recorder_);
  const auto outcome = experiment_->advance(control, until_s, max_events);
  if (outcome == scenarios::Experiment::Advance::ended) finish();
  return outcome;
}

const scenarios::RunSummary& Simulation::finish() {
  if (!summary_) {
    if (!experiment_->started()) experiment_->start(&recorder_);
    summary_ = experiment_->finish();
  }
  return *summary_;
}

}  // namespace stacksim::python
