#pragma once
// Command-line overrides of scenario fields: "--set key.path=value" sets the field at the
// dot-separated path (array elements by index: datacenter.host_classes.0.count=10). The value is
// JSON when it parses as JSON (numbers, true, [..], {..}, "quoted"), else a plain string. Missing
// objects along the path are created; the scenario is validated afterwards as usual.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stacksim::scenarios {

/// Applies one "key.path=value" override; throws ScenarioError naming the override.
void apply_override(nlohmann::json& scenario, const std::string& assignment);

void apply_overrides(nlohmann::json& scenario, const std::vector<std::string>& assignments);

}  // namespace stacksim::scenarios
