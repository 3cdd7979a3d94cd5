#include <catch2/catch.hpp>

#include <filesystem>

#include "scenarios/runner/experiment.hpp"
#include "scenarios/schema/scenario_loader.hpp"

using namespace stacksim::scenarios;

namespace {

std::string example(const std::string& name) {
  return std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/" + name;
}

}  // namespace

TEST_CASE("every example scenario validates and builds its datacenter") {
  for (const char* name :
       {"demo.json", "train-3-node-lab.json", "havana-swift-zones.json", "pack.json", "spread.json",
        "overcommit-sweep.json", "host-failure-evacuation.json", "ring-expansion.json",
        "trace-replay-azure-sample.json"}) {
    INFO(name);
    const Scenario s = load_scenario(example(name));
    const Experiment e(s);
    CHECK(e.hosts().size() > 0);
  }
}

TEST_CASE("the runnable examples run") {
  const RunSummary lab = Experiment(load_scenario(example("train-3-node-lab.json"))).run();
  CHECK(lab.hosts == 2);
  CHECK(lab.arrivals > 100);
  const RunSummary trace =
      Experiment(load_scenario(example("trace-replay-azure-sample.json"))).run();
  CHECK(trace.arrivals == 2000);
  CHECK(trace.trace_rows == 2000);
  const RunSummary faults =
      Experiment(load_scenario(example("host-failure-evacuation.json"))).run();
  CHECK(faults.host_failures >= 3);
  CHECK(faults.evacuations > 0);
  const RunSummary pack = Experiment(load_scenario(example("pack.json"))).run();
  const RunSummary spread = Experiment(load_scenario(example("spread.json"))).run();
  CHECK(pack.arrivals == spread.arrivals);
  CHECK(pack.energy_kwh > 0);
}
