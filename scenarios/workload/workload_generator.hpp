#pragma once
// A workload generator as a run drives it: its arrival process, its flavor mix and its own random
// stream ("workload.<name>", so adding a generator does not perturb the others). The experiment
// runner and the control-plane run build them the same way, so a scenario draws the same requests
// in both.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/runtime/random.hpp"
#include "scenarios/schema/scenario.hpp"
#include "scenarios/workload/arrival_process.hpp"
#include "scenarios/workload/flavor_picker.hpp"
#include "sim/engine/random_streams.hpp"

namespace stacksim::scenarios {

struct WorkloadGenerator {
  const GeneratorSpec* spec;
  std::unique_ptr<ArrivalProcess> process;
  FlavorPicker picker;  // picks indexes into the scenario's flavors
  runtime::Random* rng;
  std::int64_t arrivals = 0;
};

/// One per generator of `scenario.workload`, in file order; they refer into `scenario` and
/// `streams`, which must outlive them.
std::vector<WorkloadGenerator> make_generators(const Scenario& scenario,
                                               sim::RandomStreams& streams);

}  // namespace stacksim::scenarios
