#include "scenarios/runner/run_session.hpp"

#include <memory>

#include "scenarios/cloud/autoscaling_run.hpp"
#include "scenarios/cloud/cloud_run.hpp"
#include "scenarios/report/html_report.hpp"
#include "scenarios/report/progress_bar.hpp"
#include "scenarios/report/terminal_summary.hpp"
#include "scenarios/results/results_database.hpp"
#include "scenarios/results/results_export.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/runner/interrupt_flag.hpp"
#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

// The admin of a run's own control plane (docs/scenarios.md); it is never served.
constexpr const char* kRunAdminPassword = "stacksim-run";

Scenario with_backend(const Scenario& scenario, const std::string& backend) {
  Scenario s = scenario;
  if (backend.empty() || backend == s.backend.type) return s;
  if (backend == "live" && s.backend.live_config.empty()) {
    throw ScenarioError(s.file, "/backend",
                        "--backend live needs the scenario's live backend section (hosts and "
                        "their libvirt URIs; docs/live.md)");
  }
  if (backend == "simulated" && s.datacenter.host_classes.empty()) {
    throw ScenarioError(s.file, "/datacenter",
                        "--backend simulated needs a datacenter section to simulate");
  }
  if (backend != "live" && backend != "simulated") {
    throw ScenarioError(s.file, "", "--backend must be simulated or live, not " + backend);
  }
  s.backend.type = backend;
  return s;
}

}  // namespace

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
  const Scenario effective = with_backend(scenario, options.backend);
  const bool control_plane = options.control_plane || effective.backend.type == "live" ||
                             !effective.servers.empty() || !effective.images.empty() ||
                             effective.autoscaling.has_value();
  std::unique_ptr<Experiment> experiment;
  std::unique_ptr<Cloud> cloud;
  if (control_plane) {
    CloudOptions cloud_options;
    cloud_options.database = options.control_plane_database;
    cloud_options.admin_password = kRunAdminPassword;
    cloud = std::make_unique<Cloud>(effective, cloud_options);
  } else {
    experiment = std::make_unique<Experiment>(effective);
    result.hosts_line = describe_hosts(experiment->host_rows());
  }
  std::unique_ptr<ResultsDatabase> db;
  if (!result.database.empty()) db = std::make_unique<ResultsDatabase>(result.database);
  InterruptScope interrupt;
  ProgressBar bar(stderr, options.progress);
  RunControl control;
  control.interrupted = [] { return InterruptScope::requested(); };
  if (bar.active()) control.progress = [&bar](const RunProgress& p) { bar.update(p); };
  if (cloud) {
    std::vector<HostRow> hosts;
    // The autoscaling experiment follows the workload on the same cloud (docs/scenarios.md).
    const auto autoscale = [&] {
      if (!effective.autoscaling || InterruptScope::requested()) return;
      const orchestration::AutoscalingResult autoscaling =
          run_autoscaling_on_cloud(*cloud, effective);
      if (db) orchestration::write_autoscaling_results(db->database(), effective.name, autoscaling);
      result.autoscaling = autoscaling_totals(effective.name, autoscaling);
    };
    result.summary = run_on_cloud(*cloud, effective, control, db.get(), &hosts, autoscale);
    result.hosts_line = describe_hosts(hosts);
  } else {
    result.summary = experiment->run(control, db.get());
  }
  bar.finish();
  if (db) {
    if (!csv_dir.empty()) export_csv(db->database(), csv_dir);
    if (!json.empty()) export_json(db->database(), json);
    if (!report.empty()) write_html_report(db->database(), report);
  }
  return result;
}

}  // namespace stacksim::scenarios
