#pragma once
// scenario_error_of(doc): the message parse_scenario gives a scenario document (named s.json), or
// "no error", so schema tests check how a mistake is named.

#include <string>

#include <nlohmann/json.hpp>

#include "scenarios/scenario_error.hpp"
#include "scenarios/schema/scenario_loader.hpp"

namespace stacksim::testing {

inline std::string scenario_error_of(const nlohmann::json& doc) {
  try {
    (void)scenarios::parse_scenario(doc, "s.json");
  } catch (const scenarios::ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace stacksim::testing
