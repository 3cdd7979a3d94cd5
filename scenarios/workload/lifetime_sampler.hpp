#pragma once
// Draws instance lifetimes from a scenario's lifetime distribution.

#include <limits>

#include "core/runtime/random.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

/// Seconds; +infinity for "forever" (the instance outlives the run).
double sample_lifetime(const LifetimeSpec& spec, runtime::Random& rng);

}  // namespace stacksim::scenarios
