#pragma once
// A malformed trace row: names the file and line. Readers throw it before changing any state, so
// with skip_bad_rows the row can be counted and reading goes on.

#include <string>

#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {

class TraceRowError : public ScenarioError {
 public:
  /// `location` is "file:line".
  TraceRowError(const std::string& location, const std::string& problem)
      : ScenarioError(location, "", problem) {}
};

}  // namespace stacksim::scenarios
