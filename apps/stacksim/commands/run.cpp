// stacksim run SCENARIO: run a scenario file and print its summary (results database, exports
// and HTML report on request).

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "apps/stacksim/commands.hpp"
#include "scenarios/report/terminal_summary.hpp"
#include "scenarios/runner/run_session.hpp"
#include "scenarios/schema/scenario_loader.hpp"

namespace stacksim::apps {
namespace {

struct RunArgs {
  std::string file;
  std::vector<std::string> overrides;
  scenarios::SessionOptions session;
  bool no_progress = false;
};

}  // namespace

void add_session_options(CLI::App* cmd, scenarios::SessionOptions& session, bool& no_progress) {
  cmd->add_option("-o,--output", session.database, "Results database (SQLite) to write");
  cmd->add_option("--csv", session.csv_dir,
                  "Export every results table as CSV into this directory");
  cmd->add_option("--json", session.json, "Export the results as one JSON file");
  cmd->add_option("--report", session.report, "Write the HTML report to this file");
  cmd->add_flag("--no-progress", no_progress, "No progress line, even on a terminal");
  cmd->add_flag("--control-plane", session.control_plane,
                "Run through the OpenStack control plane (Nova, Glance, Keystone) instead of the "
                "experiment runner");
  cmd->add_option("--backend", session.backend,
                  "simulated or live: overrides the scenario's backend section (live implies "
                  "--control-plane)")
      ->check(CLI::IsMember({"simulated", "live"}));
  cmd->add_option("--control-plane-db", session.control_plane_database,
                  "SQLite file for the control plane's own state (default: memory)");
}

void print_session(const scenarios::SessionResult& r) {
  std::fputs(scenarios::format_summary(r.summary, r.hosts_line).c_str(), stdout);
  if (r.autoscaling) std::fputs(scenarios::format_autoscaling(*r.autoscaling).c_str(), stdout);
  if (!r.database.empty()) std::printf("results     %s\n", r.database.c_str());
  if (r.summary.interrupted) {
    std::fprintf(stderr, "stacksim: interrupted; the results so far are saved\n");
  }
}

void register_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario file and print a summary");
  cmd->add_option("scenario", args->file, "Scenario JSON file (docs/scenarios.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", args->overrides, "Override a field: key.path=value (repeatable)");
  add_session_options(cmd, args->session, args->no_progress);
  cmd->callback([args] {
    const scenarios::Scenario scenario = scenarios::load_scenario(args->file, args->overrides);
    args->session.progress = !args->no_progress;
    const scenarios::SessionResult r = scenarios::run_session(scenario, args->session);
    print_session(r);
    if (r.summary.interrupted) throw CLI::RuntimeError(130);
  });
}

}  // namespace stacksim::apps
