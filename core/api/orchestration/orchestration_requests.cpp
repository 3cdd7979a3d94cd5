#include "core/api/orchestration/orchestration_requests.hpp"

#include <algorithm>
#include <regex>

#include "core/orchestration/hot_template.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::api::heat_requests {
namespace {

using nlohmann::json;

runtime::ServiceError bad_request(const std::string& message) {
  return runtime::ServiceError("HTTPBadRequest", 400, message);
}

std::string parameter_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() &&
      std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); })) {
    std::string joined;
    for (const json& v : value) {
      if (!joined.empty()) joined.push_back(',');
      joined.append(v.get_ref<const std::string&>());
    }
    return joined;
  }
  return value.dump();
}

void add_parameters(const JsonView& holder, const char* key,
                    std::map<std::string, std::string>& out) {
  const std::optional<JsonView> values = holder.optional_object(key);
  if (!values) return;
  for (const auto& [name, value] : values->json().items())
    out[name] = parameter_text(value);
}

}  // namespace

std::string template_text(const JsonView& body) {
  if (body.has("template_url") && !body.is_null("template_url")) {
    throw bad_request(
        "template_url is not supported: stacksim fetches no URLs; send the template inline "
        "(\"template\")");
  }
  if (!body.has("template") || body.is_null("template")) throw bad_request("No template specified");
  const json& tmpl = body.json().at("template");
  if (tmpl.is_string()) return tmpl.get<std::string>();
  if (tmpl.is_object()) return tmpl.dump();  // JSON is YAML: the engine parses it as is
  throw body.error("template", "must be an object or a string");
}

std::map<std::string, std::string> parameters(const JsonView& body, const std::string& text) {
  std::map<std::string, std::string> out;
  if (const std::optional<JsonView> env = body.optional_object("environment")) {
    if (const std::optional<JsonView> registry = env->optional_object("resource_registry");
        registry && !registry->json().empty()) {
      throw env->error("resource_registry",
                       "custom resource types and template resources are not supported");
    }
    if (const std::optional<JsonView> defaults = env->optional_object("parameter_defaults")) {
      const orchestration::HotTemplate tmpl = orchestration::parse_template(text, "");
      for (const auto& [name, value] : defaults->json().items()) {
        if (tmpl.find_parameter(name) != nullptr) out[name] = parameter_text(value);
      }
    }
    add_parameters(*env, "parameters", out);
  }
  add_parameters(body, "parameters", out);
  return out;
}

orchestration::StackCreate stack_create(const JsonView& body) {
  orchestration::StackCreate request;
  request.name = body.string("stack_name");
  // Heat's stack name rule (heat.engine.stack.Stack.__init__).
  static const std::regex valid_name("[a-zA-Z][a-zA-Z0-9_.-]{0,254}");
  if (!std::regex_match(request.name, valid_name)) {
    throw runtime::ServiceError("StackValidationFailed", 400,
                                "Invalid stack name " + request.name +
                                    " must contain only alphanumeric or \"_-.\" characters, must "
                                    "start with alpha and must be 255 characters or less.");
  }
  request.template_text = template_text(body);
  request.parameters = parameters(body, request.template_text);
  // Heat keeps what was made by a failed create unless asked to roll back.
  request.rollback = !body.optional_boolean("disable_rollback").value_or(true);
  if (const std::optional<std::int64_t> timeout = body.optional_integer("timeout_mins");
      timeout && *timeout <= 0) {
    throw body.error("timeout_mins", std::to_string(*timeout) + " is less than the minimum of 1");
  }
  return request;
}

orchestration::StackUpdate stack_update(const JsonView& body, const orchestration::Stack& current,
                                        bool patch) {
  orchestration::StackUpdate request;
  const bool keeps_template = patch && (!body.has("template") || body.is_null("template")) &&
                              (!body.has("template_url") || body.is_null("template_url"));
  if (keeps_template) {
    request.template_text = current.template_text;
    request.template_source = current.template_source;
  } else {
    request.template_text = template_text(body);
  }
  request.parameters = parameters(body, request.template_text);
  return request;
}

}  // namespace stacksim::api::heat_requests
