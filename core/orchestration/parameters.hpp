#pragma once
// Parameter values of a stack: the caller's values (text, as the CLI and API pass them) converted
// to the parameter's type, or the default; then checked against every constraint. Pseudo
// parameters (OS::stack_name, OS::stack_id, OS::project_id) are added by the engine.

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/orchestration/hot_template.hpp"

namespace stacksim::orchestration {

/// An object of every parameter's typed value. Throws TemplateError at "parameters.<name>" for a
/// missing value, a value of the wrong type, a failed constraint, or an unknown given name.
nlohmann::json resolve_parameters(const HotTemplate& tmpl,
                                  const std::map<std::string, std::string>& given);

/// Checks one typed value against the definition's constraints (throws TemplateError).
void check_constraints(const ParameterDefinition& definition, const nlohmann::json& value);

}  // namespace stacksim::orchestration
