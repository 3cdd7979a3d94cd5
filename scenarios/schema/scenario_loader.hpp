#pragma once
// Loads a scenario file: parse, apply --set overrides, validate every section. Input paths in the
// file (traces) are relative to the file's directory.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

Scenario load_scenario(const std::string& file, const std::vector<std::string>& overrides = {});

/// Validates an already parsed document; `file` names it in errors and anchors relative paths.
Scenario parse_scenario(const nlohmann::json& document, const std::string& file);

}  // namespace stacksim::scenarios
