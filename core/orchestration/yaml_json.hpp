#pragma once
// YAML text as JSON values: HOT templates are YAML, the engine works on nlohmann::json. Plain
// scalars become null, booleans and numbers as YAML 1.2's core schema reads them; quoted ones
// stay strings.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace stacksim::orchestration {

/// Throws TemplateError naming `source`, the line and the column of a YAML syntax error.
nlohmann::json parse_yaml(std::string_view text, const std::string& source);

}  // namespace stacksim::orchestration
