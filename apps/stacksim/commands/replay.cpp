// stacksim replay TRACE --format F --datacenter DC: replay a workload trace on a datacenter (the
// datacenter, control_plane, flavors and telemetry sections of DC, a scenario or datacenter JSON
// file), or convert the trace to stacksim's CSV with --convert.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "apps/stacksim/commands.hpp"
#include "scenarios/json_fields.hpp"
#include "scenarios/runner/run_session.hpp"
#include "scenarios/schema/overrides.hpp"
#include "scenarios/schema/scenario_loader.hpp"
#include "scenarios/traces/stacksim_csv_reader.hpp"
#include "scenarios/traces/trace_source.hpp"

namespace stacksim::apps {
namespace {

struct ReplayArgs {
  std::string trace;
  std::string format;
  std::string datacenter;
  std::vector<std::string> files;
  std::vector<std::string> options;
  std::vector<std::string> filters;
  std::vector<std::string> overrides;
  double time_scale = 1.0;
  bool skip_bad_rows = false;
  bool machines_from_trace = false;
  std::int64_t reorder_window = 0;
  std::int64_t seed = 1;
  double duration_s = 0;
  std::string convert;
  scenarios::SessionOptions session;
  bool no_progress = false;
};

/// "key=value" pairs into an object, values parsed as JSON when they are JSON.
void set_pairs(nlohmann::json& object, const std::vector<std::string>& pairs, const char* what) {
  for (const auto& p : pairs) {
    if (p.find('=') == std::string::npos) {
      throw scenarios::ScenarioError(std::string("--") + what + " " + p, "", "expected key=value");
    }
    scenarios::apply_override(object, p);
  }
}

nlohmann::json replay_document(const ReplayArgs& a) {
  const nlohmann::json dc = scenarios::JsonFields::parse_file(a.datacenter);
  if (!dc.is_object() || !dc.contains("datacenter")) {
    throw scenarios::ScenarioError(a.datacenter, "/datacenter",
                                   "expected a file with a \"datacenter\" section");
  }
  nlohmann::json doc = nlohmann::json::object();
  doc["name"] = "replay-" + std::filesystem::path(a.trace).filename().string();
  doc["seed"] = a.seed;
  for (const char* section : {"datacenter", "control_plane", "flavors", "telemetry"}) {
    if (dc.contains(section)) doc[section] = dc[section];
  }
  nlohmann::json trace = nlohmann::json::object();
  trace["format"] = a.format;
  trace["path"] = std::filesystem::absolute(a.trace).string();
  if (!a.files.empty()) {
    trace["files"] = nlohmann::json::object();
    set_pairs(trace["files"], a.files, "file");
    for (auto& [role, path] : trace["files"].items()) {
      path = std::filesystem::absolute(path.get<std::string>()).string();
    }
  }
  if (!a.options.empty()) {
    trace["options"] = nlohmann::json::object();
    set_pairs(trace["options"], a.options, "option");
  }
  if (!a.filters.empty()) {
    trace["filters"] = nlohmann::json::object();
    set_pairs(trace["filters"], a.filters, "filter");
  }
  if (a.time_scale != 1.0) trace["time_scale"] = a.time_scale;
  if (a.skip_bad_rows) trace["skip_bad_rows"] = true;
  if (a.reorder_window > 0) trace["reorder_window"] = a.reorder_window;
  doc["workload"] = {{"trace", trace}};
  if (a.machines_from_trace) doc["workload"]["machines_from_trace"] = true;
  if (a.duration_s > 0) doc["duration_s"] = a.duration_s;
  scenarios::apply_overrides(doc, a.overrides);
  return doc;
}

void convert(const scenarios::Scenario& s, const std::string& out_file) {
  scenarios::TraceSource source(*s.workload.trace);
  std::ofstream out(out_file, std::ios::binary);
  if (!out) throw scenarios::ScenarioError(out_file, "", "cannot write");
  out << scenarios::stacksim_csv_header() << "\n";
  scenarios::TraceItem item;
  std::int64_t written = 0, ends = 0;
  while (source.next(item)) {
    if (const auto* r = std::get_if<scenarios::TraceRequest>(&item)) {
      out << scenarios::stacksim_csv_row(*r) << "\n";
      ++written;
    } else {
      ++ends;  // the CSV has no end rows: open requests run to the end of a replay
    }
  }
  std::printf(
      "converted   %lld requests to %s (%lld rows read, %lld malformed skipped, %lld end "
      "events not representable)\n",
      static_cast<long long>(written), out_file.c_str(),
      static_cast<long long>(source.stats().rows), static_cast<long long>(source.stats().bad_rows),
      static_cast<long long>(ends));
}

}  // namespace

void register_replay(CLI::App& app) {
  auto a = std::make_shared<ReplayArgs>();
  CLI::App* cmd =
      app.add_subcommand("replay", "Replay a workload trace on a datacenter (docs/traces.md)");
  cmd->add_option("trace", a->trace, "Trace file or directory")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("-f,--format", a->format, "Trace format (azure-2017, google-2011, swf, ...)")
      ->required();
  cmd->add_option("-d,--datacenter", a->datacenter,
                  "JSON file with a datacenter section (a scenario file works)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--file", a->files, "Extra trace file by role: machine_events=PATH (repeatable)");
  cmd->add_option("--option", a->options, "Trace reader option: key=value (repeatable)");
  cmd->add_option("--filter", a->filters, "Trace filter: key=value (repeatable)");
  cmd->add_option("--time-scale", a->time_scale, "Simulated seconds per trace second");
  cmd->add_flag("--skip-bad-rows", a->skip_bad_rows, "Count malformed rows instead of failing");
  cmd->add_option("--reorder-window", a->reorder_window, "Rows held back to sort the trace");
  cmd->add_flag("--machines-from-trace", a->machines_from_trace,
                "Hosts from the trace's machine list instead of the datacenter's compute classes");
  cmd->add_option("--seed", a->seed, "Seed (sampling filters, random faults)");
  cmd->add_option("--duration", a->duration_s, "Stop at this simulated time (s)");
  cmd->add_option("--set", a->overrides, "Override a field of the replay scenario: key.path=value");
  cmd->add_option("--convert", a->convert,
                  "Write the (filtered, scaled) trace as stacksim CSV to this file instead of "
                  "replaying it");
  add_session_options(cmd, a->session, a->no_progress);
  cmd->callback([a] {
    const nlohmann::json doc = replay_document(*a);
    // Errors name the datacenter file; the trace path inside is absolute.
    const scenarios::Scenario scenario = scenarios::parse_scenario(doc, a->datacenter);
    if (!a->convert.empty()) {
      convert(scenario, a->convert);
      return;
    }
    a->session.progress = !a->no_progress;
    const scenarios::SessionResult r = scenarios::run_session(scenario, a->session);
    print_session(r);
    if (r.summary.interrupted) throw CLI::RuntimeError(130);
  });
}

}  // namespace stacksim::apps
