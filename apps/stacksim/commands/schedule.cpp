// `stacksim schedule CASE.json`: runs the scheduler alone on a scheduling case and prints one JSON
// line per instance, {"request": i, "instance": k, "host": name | null, "weights": [[host,
// weight], ...]} with the top three entries of the sorted host list, exactly as Nova's own
// scheduler code decides (weights in Python's float repr).

#include <ctime>
#include <cstdio>
#include <memory>
#include <string>

#include "apps/stacksim/commands.hpp"
#include "apps/stacksim/commands/schedule_case.hpp"
#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/python_text.hpp"
#include "scenarios/scenario_error.hpp"

namespace stacksim::apps {
namespace {

struct ScheduleOptions {
  std::string file;
  bool explain = false;
  bool timing = false;
  int repeat = 1;
};

void append_weight_list(std::string& out, const scheduler::Scheduler& s,
                        const scheduler::InstanceDecision& instance, bool explain) {
  out += '[';
  for (std::size_t i = 0; i < instance.top.size(); ++i) {
    const scheduler::WeighedHost& w = instance.top[i];
    if (i > 0) out += ", ";
    out += '[';
    scheduler::append_json_string(out, s.hosts().name[w.host]);
    out += ", ";
    scheduler::append_python_float_repr(out, w.weight);
    if (explain) {
      out += ", [";
      for (std::size_t c = 0; c < w.scores.size(); ++c) {
        if (c > 0) out += ", ";
        scheduler::append_python_float_repr(out, w.scores[c]);
      }
      out += ']';
    }
    out += ']';
  }
  out += ']';
}

void append_explanation(std::string& out, const scheduler::Decision& d,
                        const scheduler::InstanceDecision* instance) {
  out += ", \"explain\": {";
  if (instance == nullptr) {
    out += "\"placement_candidates\": 0, \"reason\": ";
    scheduler::append_json_string(out, d.failure ? d.failure->message() : "");
    out += '}';
    return;
  }
  out += "\"hosts_considered\": " + std::to_string(instance->hosts_considered) + ", \"filters\": [";
  for (std::size_t i = 0; i < instance->filters.size(); ++i) {
    const scheduler::FilterStep& f = instance->filters[i];
    if (i > 0) out += ", ";
    out += '[';
    scheduler::append_json_string(out, f.filter);
    out += ", " + std::to_string(f.hosts_in) + ", " + std::to_string(f.hosts_out) + ']';
  }
  out += "], \"weighers\": [";
  for (std::size_t i = 0; i < d.weight_components.size(); ++i) {
    if (i > 0) out += ", ";
    scheduler::append_json_string(out, d.weight_components[i]);
  }
  out += "], \"claims_tried\": " + std::to_string(instance->claims_tried);
  if (d.failure) {
    out += ", \"reason\": ";
    scheduler::append_json_string(out, d.failure->message());
  }
  out += '}';
}

/// CPU time of this thread: the machine may be shared, and Nova's side is timed the same way.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// Runs every request once; appends the output lines to `out` when non-null. Returns the CPU
/// seconds spent inside select_destinations.
double run_case(const ScheduleCase& c, std::string* out, bool explain) {
  const std::unique_ptr<scheduler::Scheduler> s = build_case_scheduler(c);
  scheduler::SelectOptions options;
  options.explain = explain;
  options.alternates = false;
  scheduler::Decision d;
  double seconds = 0;
  for (std::size_t i = 0; i < c.requests.size(); ++i) {
    const CaseRequest& r = c.requests[i];
    const double start = thread_cpu_seconds();
    try {
      if (r.group)
        s->create_server_group(r.group->name, r.group->policy, r.group->max_server_per_host);
      s->select_destinations(r.spec, runtime::TimePoint{}, options, d);
    } catch (const scheduler::InvalidRequest& e) {
      throw scenarios::ScenarioError(c.file, r.path, e.what());
    }
    seconds += thread_cpu_seconds() - start;
    if (out == nullptr) continue;
    for (std::size_t k = 0; k < r.spec.instance_uuids.size(); ++k) {
      *out += "{\"request\": " + std::to_string(i) + ", \"instance\": " + std::to_string(k) +
              ", \"host\": ";
      const scheduler::InstanceDecision* instance =
          k < d.instances.size() ? &d.instances[k] : nullptr;
      if (d.ok()) {
        scheduler::append_json_string(*out, s->hosts().name[d.selections[k].host]);
        *out += ", \"weights\": ";
        append_weight_list(*out, *s, *instance, explain);
      } else {
        *out += "null, \"weights\": []";
      }
      if (explain) append_explanation(*out, d, instance);
      *out += "}\n";
    }
  }
  return seconds;
}

}  // namespace

void register_schedule(CLI::App& app) {
  auto opts = std::make_shared<ScheduleOptions>();
  CLI::App* cmd = app.add_subcommand(
      "schedule",
      "Run the Nova-compatible scheduler on a scheduling case; one JSON line per instance");
  cmd->add_option("case", opts->file, "Scheduling case JSON file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_flag("--explain", opts->explain,
                "Add per-weigher scores and an \"explain\" object (filters, claims) to each line");
  cmd->add_flag("--timing", opts->timing, "Print decisions and the CPU time spent deciding to stderr");
  cmd->add_option("--repeat", opts->repeat, "Run the case this many times (timing: best run)")
      ->check(CLI::PositiveNumber);
  cmd->callback([opts] {
    const ScheduleCase c = read_schedule_case(opts->file);
    std::string out;
    double best = run_case(c, &out, opts->explain);
    for (int r = 1; r < opts->repeat; ++r)
      best = std::min(best, run_case(c, nullptr, false));
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (opts->timing) {
      std::size_t decisions = 0;
      for (const CaseRequest& r : c.requests)
        decisions += r.spec.instance_uuids.size();
      std::fprintf(stderr,
                   "schedule: %zu hosts, %zu requests, %zu instance decisions in %.6f s "
                   "(%.1f decisions/s, %.3f us each)\n",
                   c.hosts.size(), c.requests.size(), decisions, best,
                   best > 0 ? static_cast<double>(decisions) / best : 0.0,
                   decisions > 0 ? best / static_cast<double>(decisions) * 1e6 : 0.0);
    }
  });
}

}  // namespace stacksim::apps
