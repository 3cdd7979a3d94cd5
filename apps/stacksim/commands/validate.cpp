// stacksim validate SCENARIO: load and check a scenario (every field, and what only building the
// datacenter can tell: topology size, rack names, trace headers) without running it.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "apps/stacksim/commands.hpp"
#include "scenarios/report/terminal_summary.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/schema/scenario_loader.hpp"

namespace stacksim::apps {
namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  std::vector<std::string> overrides;
};

}  // namespace

void register_validate(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand("validate", "Check scenario files without running them");
  cmd->add_option("scenario", args->files, "Scenario JSON files")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", args->overrides, "Override a field: key.path=value (repeatable)");
  cmd->callback([args] {
    for (const auto& file : args->files) {
      const scenarios::Scenario s = scenarios::load_scenario(file, args->overrides);
      std::string workload;
      if (!s.servers.empty()) {
        std::int64_t count = 0;
        for (const auto& server : s.servers)
          count += server.count;
        workload = std::to_string(count) + " servers";
      }
      for (const auto& g : s.workload.generators) {
        workload += (workload.empty() ? "" : ", ") + g.kind + " generator " + g.name;
      }
      if (s.workload.trace) {
        workload += (workload.empty() ? "" : ", ") + s.workload.trace->format + " trace";
      }
      if (s.backend.type == "live") {
        // The section was checked by the loader; the hosts answer only when a run connects.
        std::printf("%s: valid: live backend; %s; %zu faults\n", file.c_str(), workload.c_str(),
                    s.faults.size());
        continue;
      }
      const scenarios::Experiment experiment(s);
      std::printf("%s: valid: %d compute hosts (%s); %s; %zu faults\n", file.c_str(),
                  experiment.hosts().size(),
                  scenarios::describe_hosts(experiment.host_rows()).c_str(), workload.c_str(),
                  s.faults.size());
    }
  });
}

}  // namespace stacksim::apps
