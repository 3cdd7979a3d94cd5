#pragma once
// Errors in model input files (flow cases, topologies): always name the file and the JSON path of
// the offending element, so a user can find it without reading the code.

#include <stdexcept>
#include <string>

namespace stacksim::sim {

class InputError : public std::runtime_error {
 public:
  InputError(const std::string& file, const std::string& where, const std::string& problem)
      : std::runtime_error(file + ": " + (where.empty() ? "" : where + ": ") + problem) {}
};

}  // namespace stacksim::sim
