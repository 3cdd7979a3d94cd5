#pragma once
// Errors in scenario, trace and case files: always name the file and the JSON path (or line).

#include <stdexcept>
#include <string>

namespace stacksim::scenarios {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(const std::string& file, const std::string& where, const std::string& problem)
      : std::runtime_error(file + ": " + (where.empty() ? "" : where + ": ") + problem) {}
};

}  // namespace stacksim::scenarios
