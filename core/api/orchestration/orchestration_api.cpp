// Version discovery, the shared helpers, stack lookup redirects and the stack collection: list,
// create, show, update, delete. Resources, events, outputs, templates and validation are in the
// neighbouring files.

#include "core/api/orchestration/orchestration_api.hpp"

#include <algorithm>

#include "core/api/json_view.hpp"
#include "core/api/orchestration/engine_action.hpp"
#include "core/api/orchestration/orchestration_errors.hpp"
#include "core/api/orchestration/orchestration_requests.hpp"
#include "core/api/responses.hpp"
#include "core/orchestration/dependency_graph.hpp"
#include "core/orchestration/template_error.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

bool query_true(const HttpRequest& http, std::string_view name) {
  const std::optional<std::string> v = http.query_value(name);
  return v && (*v == "true" || *v == "True" || *v == "1");
}

bool query_false(const HttpRequest& http, std::string_view name) {
  const std::optional<std::string> v = http.query_value(name);
  return v && (*v == "false" || *v == "False" || *v == "0");
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
  return out;
}

/// "?a=1&b=2" from the decoded query (empty without one), for a redirect to keep it.
std::string query_string(const HttpRequest& http) {
  std::string out;
  for (const auto& [key, value] : http.query) {
    out.push_back(out.empty() ? '?' : '&');
    out.append(percent_encode(key)).push_back('=');
    out.append(percent_encode(value));
  }
  return out;
}

}  // namespace

OrchestrationApi::OrchestrationApi(ApiApplication& app, orchestration::OrchestrationService& heat)
    : app_(app), heat_(heat), views_(app.config().public_url + prefix + "/v1", app.time()) {
}

bool OrchestrationApi::is_admin(const ApiRequest& r) const {
  return app_.identity().policy().is_admin(r.context);
}

void OrchestrationApi::check_tenant(const ApiRequest& r) const {
  // heat.api.openstack.v1.util.registered_policy_enforce: the path names the caller's project.
  if (r.param("tenant_id") != r.context.project_id && !is_admin(r)) {
    throw runtime::ServiceError("HTTPForbidden", 403, "Access was denied to this resource.");
  }
}

orchestration::Stack OrchestrationApi::find(const ApiRequest& r,
                                            const std::string& name_or_id) const {
  try {
    return heat_.find_stack(r.context, name_or_id);
  } catch (const runtime::ServiceError& e) {
    // The engine names the stack it found by name; the caller only learns what it asked for.
    if (e.http_status() == 404) throw heat_errors::stack_not_found(name_or_id);
    throw;
  }
}

orchestration::Stack OrchestrationApi::identified(const ApiRequest& r) const {
  check_tenant(r);
  const orchestration::Stack s = find(r, r.param("stack_id"));
  if (s.id != r.param("stack_id") || s.name != r.param("stack_name")) {
    throw heat_errors::stack_not_found(r.param("stack_name"));
  }
  return s;
}

std::string OrchestrationApi::description(const orchestration::Stack& s) {
  try {
    return orchestration::parse_template(s.template_text, s.template_source).description;
  } catch (const orchestration::TemplateError&) {
    return {};
  }
}

std::vector<orchestration::StackResource> OrchestrationApi::resources(
    const ApiRequest& r, const orchestration::Stack& s) const {
  return heat_.resources(r.context, s.id);
}

HttpResponse OrchestrationApi::lookup(const ApiRequest& r, const std::string& suffix) const {
  check_tenant(r);
  const orchestration::Stack s = find(r, r.param("stack_name"));
  HttpResponse response = HttpResponse::empty(302);
  response.headers.set("Location", views_.stack_url(s) + suffix + query_string(r.http));
  return response;
}

void OrchestrationApi::add_routes(RouteTable& routes) {
  const std::string base = app_.config().public_url + prefix;
  RouteBuilder root(routes, prefix, ErrorStyle::heat);
  root.open("GET", "", [base](ApiRequest&) {
    // heat.api.versions: 300 Multiple Choices, as the version root of every Heat endpoint.
    return json_response(
        300,
        {{"versions",
          json::array({{{"id", "v1.0"},
                        {"status", "CURRENT"},
                        {"links", json::array({{{"href", base + "/v1/"}, {"rel", "self"}}})}}})}});
  });
  RouteBuilder v1(routes, std::string(prefix) + "/v1/{tenant_id}", ErrorStyle::heat);
  add_lookup_routes(v1);  // before /stacks/{stack_name}/{stack_id}, which would match them too
  add_stack_routes(v1);
  add_resource_routes(v1);
  add_event_routes(v1);
  add_output_routes(v1);
  add_template_routes(v1);
}

void OrchestrationApi::add_lookup_routes(RouteBuilder& v1) {
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    v1.add(method, "/stacks/{stack_name}",
           SyncHandler([this](ApiRequest& r) { return lookup(r, ""); }));
  }
  for (const std::string suffix : {"/resources", "/events", "/template"}) {
    v1.get("/stacks/{stack_name}" + suffix,
           [this, suffix](ApiRequest& r) { return lookup(r, suffix); });
  }
}

void OrchestrationApi::add_stack_routes(RouteBuilder& v1) {
  v1.get("/stacks", [this](ApiRequest& r) {
    check_tenant(r);
    const bool global = is_admin(r) && query_true(r.http, "global_tenant");
    const std::vector<std::string> names = r.http.query_values("stack_name");
    const std::vector<std::string> statuses = r.http.query_values("stack_status");
    const auto wanted = [](const std::vector<std::string>& values, const std::string& v) {
      return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
    };
    json items = json::array();
    std::vector<orchestration::Stack> stacks = heat_.list_stacks(r.context);
    std::reverse(stacks.begin(), stacks.end());  // Heat lists the newest first
    for (const orchestration::Stack& s : stacks) {
      if (!global && s.owner.project_id != r.param("tenant_id")) continue;
      if (!wanted(names, s.name) || !wanted(statuses, s.status)) continue;
      items.push_back(views_.stack_summary(s, description(s), global));
    }
    return json_response(200, {{"stacks", std::move(items)}});
  });
  v1.add("POST", "/stacks", AsyncHandler([this](ApiRequest r) { return create(std::move(r)); }));
  v1.get("/stacks/{stack_name}/{stack_id}", [this](ApiRequest& r) {
    const orchestration::Stack s = identified(r);
    const orchestration::ValidatedTemplate v =
        heat_errors::validated(heat_, s.template_text, s.template_source, s.parameters);
    json parameters = v.parameters;
    for (const orchestration::ParameterDefinition& p : v.tmpl.parameters) {
      if (p.hidden) parameters[p.name] = "******";
    }
    parameters["OS::stack_name"] = s.name;
    parameters["OS::stack_id"] = s.id;
    parameters["OS::project_id"] = s.owner.project_id;
    const json outputs =
        query_false(r.http, "resolve_outputs") ? json(nullptr) : heat_.outputs(r.context, s.id);
    return json_response(
        200, {{"stack", views_.stack_detail(s, v.tmpl.description, parameters, outputs)}});
  });
  v1.add("PUT", "/stacks/{stack_name}/{stack_id}",
         AsyncHandler([this](ApiRequest r) { return update(std::move(r), false); }));
  v1.add("PATCH", "/stacks/{stack_name}/{stack_id}",
         AsyncHandler([this](ApiRequest r) { return update(std::move(r), true); }));
  v1.add("DELETE", "/stacks/{stack_name}/{stack_id}",
         AsyncHandler([this](ApiRequest r) { return remove(std::move(r)); }));
}

runtime::Task<HttpResponse> OrchestrationApi::create(ApiRequest r) {
  check_tenant(r);
  const json doc = parse_json_body(r.http);
  orchestration::StackCreate request =
      heat_errors::checked([&doc] { return heat_requests::stack_create(JsonView(doc, "")); });
  const std::string name = request.name;
  runtime::Task<void> action = discard_result(heat_.create_stack(r.context, std::move(request)));
  runtime::Task<void> started = heat_errors::checked_action(std::move(action));
  co_await std::move(started);
  const orchestration::Stack s = heat_.find_stack(r.context, name);
  HttpResponse response =
      json_response(201, {{"stack", {{"id", s.id}, {"links", views_.stack_links(s)}}}});
  response.headers.set("Location", views_.stack_url(s));
  co_return response;
}

runtime::Task<HttpResponse> OrchestrationApi::update(ApiRequest r, bool patch) {
  const orchestration::Stack s = identified(r);
  const json doc = parse_json_body(r.http);
  orchestration::StackUpdate request = heat_errors::checked(
      [&doc, &s, patch] { return heat_requests::stack_update(JsonView(doc, ""), s, patch); });
  runtime::Task<void> action =
      discard_result(heat_.update_stack(r.context, s.id, std::move(request)));
  runtime::Task<void> started = heat_errors::checked_action(std::move(action));
  co_await std::move(started);
  co_return HttpResponse::empty(202);
}

runtime::Task<HttpResponse> OrchestrationApi::remove(ApiRequest r) {
  const orchestration::Stack s = identified(r);
  runtime::Task<void> action = heat_.delete_stack(r.context, s.id);
  runtime::Task<void> started = heat_errors::checked_action(std::move(action));
  co_await std::move(started);
  co_return HttpResponse::empty(204);
}

}  // namespace stacksim::api
