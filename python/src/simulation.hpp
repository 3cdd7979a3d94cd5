#pragma once
// One scenario run driven from Python: the experiment, the in-memory results and, when asked, the
// results database. The scenario is owned here because the experiment refers to it.

#include <memory>
#include <optional>
#include <string>

#include "python/src/column_recorder.hpp"
#include "scenarios/results/results_database.hpp"
#include "scenarios/runner/experiment.hpp"

namespace stacksim::python {

class Simulation {
 public:
  /// `database`: results SQLite file to write as well ("" for none).
  Simulation(scenarios::Scenario scenario, const std::string& database);

  /// Runs until the run ends, the clock reaches `until_s`, `max_events` ran (0: no limit) or
  /// `control` interrupts; finishes the run when it ended.
  scenarios::Experiment::Advance advance(const scenarios::RunControl& control,
                                         std::optional<double> until_s, std::uint64_t max_events);
  /// Ends the run (early if it is still going); the summary once done.
  const scenarios::RunSummary& finish();

  [[nodiscard]] double now() const { return experiment_->now(); }
  [[nodiscard]] bool ended() const { return experiment_->ended(); }
  [[nodiscard]] bool finished() const { return summary_.has_value(); }
  [[nodiscard]] std::uint64_t engine_events() const { return experiment_->engine_events(); }
  [[nodiscard]] const scenarios::Scenario& scenario() const { return scenario_; }
  [[nodiscard]] const scenarios::Experiment& experiment() const { return *experiment_; }
  [[nodiscard]] const ColumnRecorder& results() const { return recorder_; }

 private:
  scenarios::Scenario scenario_;
  std::unique_ptr<scenarios::ResultsDatabase> database_;
  ColumnRecorder recorder_;
  std::unique_ptr<scenarios::Experiment> experiment_;
  std::optional<scenarios::RunSummary> summary_;
};

}  // namespace stacksim::python
