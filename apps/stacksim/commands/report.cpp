// stacksim report RESULTS.db: print a run's summary and write its HTML report (and exports).

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "apps/stacksim/commands.hpp"
#include "core/store/database.hpp"
#include "scenarios/report/html_report.hpp"
#include "scenarios/report/terminal_summary.hpp"
#include "scenarios/results/results_export.hpp"

namespace stacksim::apps {
namespace {

struct ReportArgs {
  std::string database;
  std::string html;
  std::string csv_dir;
  std::string json;
};

}  // namespace

void register_report(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd =
      app.add_subcommand("report", "Summarise a results database and write its HTML report");
  cmd->add_option("results", args->database, "Results database written by run or replay")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--html", args->html, "HTML report file (default: RESULTS with .html)");
  cmd->add_option("--csv", args->csv_dir, "Also export every table as CSV into this directory");
  cmd->add_option("--json", args->json, "Also export the results as one JSON file");
  cmd->callback([args] {
    const store::Database db =
        store::Database::open(args->database, {.create = false, .read_only = true});
    const scenarios::StoredRun run = scenarios::read_stored_run(db);
    std::fputs(scenarios::format_summary(run.summary, run.hosts_line).c_str(), stdout);
    if (const auto autoscaling = scenarios::read_autoscaling_totals(db))
      std::fputs(scenarios::format_autoscaling(*autoscaling).c_str(), stdout);
    if (run.status != "completed") std::printf("status      %s\n", run.status.c_str());
    const std::string html =
        args->html.empty()
            ? std::filesystem::path(args->database).replace_extension(".html").string()
            : args->html;
    scenarios::write_html_report(db, html);
    std::printf("report      %s\n", html.c_str());
    if (!args->csv_dir.empty()) scenarios::export_csv(db, args->csv_dir);
    if (!args->json.empty()) scenarios::export_json(db, args->json);
  });
}

}  // namespace stacksim::apps
