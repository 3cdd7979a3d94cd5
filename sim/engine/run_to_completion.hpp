#pragma once
// Drives one coroutine to its end on the simulated clock, running every other event due meanwhile,
// and rethrows its failure: how setup code and tests wait for a control-plane call.

#include "core/runtime/spawn.hpp"
#include "core/runtime/task.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::sim {

inline void run_to_completion(Simulator& simulator, runtime::Task<void> task) {
  runtime::TaskHandle handle = runtime::spawn(simulator, std::move(task));
  while (!handle.done() && simulator.step()) {
  }
  handle.rethrow_if_failed();
}

}  // namespace stacksim::sim
