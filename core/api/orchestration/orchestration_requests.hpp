#pragma once
// Reading Heat's stack bodies (POST /stacks, PUT/PATCH /stacks/{name}/{id}, POST /validate) into
// the engine's requests. The template comes inline ("template": the object heatclient sends, or
// YAML/JSON text); template_url is refused, since the API fetches nothing. Parameters come from
// "parameters" over the environment's "parameters", plus its "parameter_defaults" for parameters
// the template declares; other environment sections (a resource_registry) are refused.

#include <map>
#include <string>

#include "core/api/json_view.hpp"
#include "core/orchestration/orchestration_service.hpp"

namespace stacksim::api::heat_requests {

/// The template's text; 400 "No template specified" without one.
std::string template_text(const JsonView& body);

/// The parameter values as text (numbers, booleans and JSON values as JSON, lists of strings
/// comma-joined, as heatclient's --parameter would give them), for the template `text`.
std::map<std::string, std::string> parameters(const JsonView& body, const std::string& text);

/// A create body; 400 naming the field for a bad stack name, rollback flag or timeout.
orchestration::StackCreate stack_create(const JsonView& body);

/// An update body: PUT needs a template; PATCH (`patch`) keeps `current` when none is given.
orchestration::StackUpdate stack_update(const JsonView& body, const orchestration::Stack& current,
                                        bool patch);

}  // namespace stacksim::api::heat_requests
