#pragma once
// The results database schema (docs/results.md), as store migrations of component "results".

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::scenarios {

const std::vector<store::Migration>& results_migrations();

}  // namespace stacksim::scenarios
