#include "scenarios/runner/run_session.hpp"

#include <memory>

#include "scenarios/report/html_report.hpp"
#include "scenarios/report/progress_bar.hpp"
#include "scenarios/report/terminal_summary.hpp"
#include "scenarios/results/results_database.hpp"
#include "scenarios/results/results_export.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/runner/interrupt_flag.hpp"

namespace stacksim::scenarios {

SessionResult run_session(const Scenario& scenario, const SessionOptions& options) {
  const auto pick = [](const std::string& cli, const std::string& file) {
    return cli.empty() ? file : cli;
  };
  SessionResult result;
  const std::string csv_dir = pick(options.csv_dir, scenario.outputs.csv_dir);
  const std::string json = pick(options.json, scenario.outputs.json);
  const std::string report = pick(options.report, scenario.outputs.report);
  result.database = pick(options.database, scenario.outputs.database);
  if (result.database.empty() && !(csv_dir.empty() && json.empty() && report.empty())) {
    result.database = scenario.name + "-results.db";  // exports and reports read from it
  }
  Experiment experiment(scenario);
  result.hosts_line = describe_hosts(experiment.host_rows());
  std::unique_ptr<ResultsDatabase> db;
  if (!result.database.empty()) db = std::make_unique<ResultsDatabase>(result.database);
  InterruptScope interrupt;
  ProgressBar bar(stderr, options.progress);
  RunControl control;
  control.interrupted = [] { return InterruptScope::requested(); };
  if (bar.active()) control.progress = [&bar](const RunProgress& p) { bar.update(p); };
  result.summary = experiment.run(control, db.get());
  bar.finish();
  if (db) {
    if (!csv_dir.empty()) export_csv(db->database(), csv_dir);
    if (!json.empty()) export_json(db->database(), json);
    if (!report.empty()) write_html_report(db->database(), report);
  }
  return result;
}

}  // namespace stacksim::scenarios
