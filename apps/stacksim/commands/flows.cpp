// `stacksim flows CASE.json`: runs the flow-level network model alone on a flow case and prints
// each flow's completion time as JSON lines {"flow": i, "end": t}, in input order.

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "apps/stacksim/commands.hpp"
#include "sim/models/flow_case.hpp"

namespace stacksim::apps {
namespace {

/// Shortest text that reads back as the same double, so outputs compare exactly.
std::string exact(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) throw std::runtime_error("cannot format a completion time");
  return std::string(buffer, end);
}

struct FlowsOptions {
  std::string file;
  bool latency_weighted = false;
  bool check = false;
  double tolerance = 1e-9;
};

void run_flows(const FlowsOptions& options) {
  const sim::FlowCase flow_case = sim::read_flow_case_file(options.file);
  const sim::FlowCaseResult result =
      sim::run_flow_case(flow_case, options.latency_weighted ? sim::FlowSharing::latency_weighted
                                                             : sim::FlowSharing::max_min);
  std::string out;
  for (std::size_t i = 0; i < result.ends.size(); ++i) {
    out += "{\"flow\": " + std::to_string(i) + ", \"end\": " + exact(result.ends[i]) + "}\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!options.check) return;
  std::size_t checked = 0;
  for (std::size_t i = 0; i < result.ends.size(); ++i) {
    const auto& expected = flow_case.flows[i].expected_end;
    if (!expected) continue;
    ++checked;
    const double error =
        std::fabs(result.ends[i] - *expected) / std::max(1e-300, std::fabs(*expected));
    if (error > options.tolerance) {
      throw std::runtime_error(options.file + ": /flows/" + std::to_string(i) +
                               "/expected_end: expected " + exact(*expected) + ", computed " +
                               exact(result.ends[i]) + " (relative error " + exact(error) + ")");
    }
  }
  std::fprintf(stderr, "stacksim flows: %zu expected_end values agree within %g\n", checked,
               options.tolerance);
}

}  // namespace

void register_flows(CLI::App& app) {
  auto options = std::make_shared<FlowsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "flows", "Run the flow-level network model on a flow case; print each flow's end time");
  cmd->add_option("case", options->file, "Flow case JSON file")->required();
  cmd->add_flag("--latency-weighted", options->latency_weighted,
                "Weight each flow's share by 1/route latency (CM02 with latencies in the model)");
  cmd->add_flag("--check", options->check,
                "Fail unless every expected_end in the case agrees within --tolerance");
  cmd->add_option("--tolerance", options->tolerance, "Relative tolerance for --check")
      ->check(CLI::PositiveNumber);
  cmd->callback([options] { run_flows(*options); });
}

}  // namespace stacksim::apps
