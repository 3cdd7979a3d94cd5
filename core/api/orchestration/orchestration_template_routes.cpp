// A stack's template, template validation, the resource types and the service's build
// information.

#include <optional>
#include <regex>

#include "core/api/json_view.hpp"
#include "core/api/orchestration/orchestration_api.hpp"
#include "core/api/orchestration/orchestration_errors.hpp"
#include "core/api/orchestration/orchestration_requests.hpp"
#include "core/api/responses.hpp"
#include "core/orchestration/yaml_json.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

const char* type_name(orchestration::ParameterType type) {
  switch (type) {
    case orchestration::ParameterType::string:
      return "String";
    case orchestration::ParameterType::number:
      return "Number";
    case orchestration::ParameterType::json:
      return "Json";
    case orchestration::ParameterType::comma_delimited_list:
      return "CommaDelimitedList";
    case orchestration::ParameterType::boolean:
      return "Boolean";
  }
  return "String";
}

/// A parameter as heat.engine.parameters describes it to validate_template.
json parameter_schema(const orchestration::ParameterDefinition& p) {
  json out = {{"Type", type_name(p.type)},
              {"Description", p.description},
              {"Label", p.label.empty() ? p.name : p.label},
              {"NoEcho", p.hidden ? "true" : "false"}};
  if (p.default_value) out["Default"] = *p.default_value;
  using Kind = orchestration::ParameterConstraint::Kind;
  for (const orchestration::ParameterConstraint& c : p.constraints) {
    switch (c.kind) {
      case Kind::range:
        if (c.min) out["MinValue"] = *c.min;
        if (c.max) out["MaxValue"] = *c.max;
        break;
      case Kind::length:
        if (c.min) out["MinLength"] = *c.min;
        if (c.max) out["MaxLength"] = *c.max;
        break;
      case Kind::allowed_values:
        out["AllowedValues"] = c.allowed_values;
        break;
      case Kind::allowed_pattern:
        out["AllowedPattern"] = c.allowed_pattern;
        break;
    }
    if (!c.description.empty()) out["ConstraintDescription"] = c.description;
  }
  return out;
}

}  // namespace

void OrchestrationApi::add_template_routes(RouteBuilder& v1) {
  v1.get("/stacks/{stack_name}/{stack_id}/template", [this](ApiRequest& r) {
    const orchestration::Stack s = identified(r);
    return json_response(200, heat_errors::checked([&s] {
                           return orchestration::parse_yaml(s.template_text, s.template_source);
                         }));
  });
  v1.post("/validate", [this](ApiRequest& r) {
    check_tenant(r);
    const json doc = parse_json_body(r.http);
    const JsonView body(doc, "");
    const std::string text = heat_requests::template_text(body);
    orchestration::ValidatedTemplate v;
    std::map<std::string, std::string> given;
    try {
      given = heat_requests::parameters(body, text);
      v = heat_.validate(text, "", given);
    } catch (const orchestration::TemplateError& e) {
      // heat.api.openstack.v1.stacks.validate_template answers the engine's error as a plain 400.
      throw runtime::ServiceError("HTTPBadRequest", 400, e.what());
    }
    json parameters = json::object();
    for (const orchestration::ParameterDefinition& p : v.tmpl.parameters)
      parameters[p.name] = parameter_schema(p);
    json env_parameters = json::object();
    for (const auto& [name, value] : given)
      env_parameters[name] = value;
    return json_response(200, {{"Description", v.tmpl.description},
                               {"Parameters", std::move(parameters)},
                               {"Environment",
                                {{"parameters", std::move(env_parameters)},
                                 {"parameter_defaults", json::object()},
                                 {"resource_registry", {{"resources", json::object()}}},
                                 {"encrypted_param_names", json::array()},
                                 {"event_sinks", json::array()}}}});
  });
  v1.get("/resource_types", [this](ApiRequest& r) {
    check_tenant(r);
    // heat.engine.service.list_resource_types: the name filter is a regular expression searched
    // in each type name.
    std::optional<std::regex> name;
    if (const auto filter = r.http.query_value("name")) {
      try {
        name.emplace(*filter, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        throw runtime::ServiceError("HTTPBadRequest", 400,
                                    "Invalid resource type name filter: " + *filter);
      }
    }
    json types = json::array();
    for (const std::string& type : heat_.registry().type_names()) {
      if (!name || std::regex_search(type, *name)) types.push_back(type);
    }
    return json_response(200, {{"resource_types", std::move(types)}});
  });
  v1.get("/build_info", [this](ApiRequest& r) {
    check_tenant(r);
    // Heat's [revision] heat_revision defaults to "unknown".
    return json_response(
        200, {{"api", {{"revision", "unknown"}}}, {"engine", {{"revision", "unknown"}}}});
  });
}

}  // namespace stacksim::api
