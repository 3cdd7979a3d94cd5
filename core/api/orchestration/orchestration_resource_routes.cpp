// A stack's resources, events and outputs.

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "core/api/orchestration/orchestration_api.hpp"
#include "core/api/orchestration/orchestration_errors.hpp"
#include "core/api/responses.hpp"
#include "core/orchestration/dependency_graph.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

/// Whether `value` passes the repeated query filter `name` (no filter: everything passes).
bool passes(const HttpRequest& http, std::string_view name, const std::string& value) {
  const std::vector<std::string> wanted = http.query_values(name);
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

/// "CREATE_IN_PROGRESS" -> {"CREATE", "IN_PROGRESS"}: Heat filters on either half.
std::pair<std::string, std::string> split_status(const std::string& status) {
  const std::size_t cut = status.find('_');
  if (cut == std::string::npos) return {status, ""};
  return {status.substr(0, cut), status.substr(cut + 1)};
}

runtime::ServiceError resource_not_found(const std::string& resource, const std::string& stack) {
  return {"ResourceNotFound", 404,
          "The Resource (" + resource + ") could not be found in Stack " + stack + "."};
}

/// The resources of the stack's template that need `name` (none for one the template lacks).
std::vector<std::string> required_by(const std::optional<orchestration::DependencyGraph>& graph,
                                     const std::string& name) {
  if (!graph) return {};
  const std::vector<std::string>& names = graph->names();
  if (!std::binary_search(names.begin(), names.end(), name)) return {};
  return graph->dependents(name);
}

/// The resource called `name` among `current` (nullptr once it is gone).
const orchestration::StackResource* named(const std::vector<orchestration::StackResource>& current,
                                          const std::string& name) {
  const auto it =
      std::find_if(current.begin(), current.end(),
                   [&name](const orchestration::StackResource& res) { return res.name == name; });
  return it == current.end() ? nullptr : &*it;
}

/// Heat's ?limit=: a non-negative integer (400 otherwise); absent: no limit.
std::size_t limit_of(const HttpRequest& http) {
  const std::optional<std::string> text = http.query_value("limit");
  if (!text) return std::numeric_limits<std::size_t>::max();
  std::size_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end) {
    throw runtime::ServiceError("HTTPBadRequest", 400, "Only integer is acceptable by 'limit'.");
  }
  return value;
}

std::optional<orchestration::DependencyGraph> graph_of(const orchestration::Stack& s) {
  try {
    return orchestration::DependencyGraph(
        orchestration::parse_template(s.template_text, s.template_source));
  } catch (const orchestration::TemplateError&) {
    return std::nullopt;  // a stored template is valid; nothing depends on anything otherwise
  }
}

}  // namespace

void OrchestrationApi::add_resource_routes(RouteBuilder& v1) {
  v1.get("/stacks/{stack_name}/{stack_id}/resources", [this](ApiRequest& r) {
    const orchestration::Stack s = identified(r);
    const std::vector<orchestration::StackEvent> events = heat_.events(r.context, s.id);
    const std::optional<orchestration::DependencyGraph> graph = graph_of(s);
    const bool detail =
        r.http.query_value("with_detail") == "true" || r.http.query_value("with_detail") == "True";
    json items = json::array();
    for (const orchestration::StackResource& res : resources(r, s)) {
      const auto [action, state] = split_status(res.status);
      if (!passes(r.http, "name", res.name) || !passes(r.http, "type", res.type) ||
          !passes(r.http, "action", action) || !passes(r.http, "status", state)) {
        continue;
      }
      items.push_back(views_.resource(s, res, events, required_by(graph, res.name), detail));
    }
    return json_response(200, {{"resources", std::move(items)}});
  });
  v1.get("/stacks/{stack_name}/{stack_id}/resources/{resource_name}", [this](ApiRequest& r) {
    const orchestration::Stack s = identified(r);
    const std::vector<orchestration::StackResource> current = resources(r, s);
    const orchestration::StackResource* res = named(current, r.param("resource_name"));
    if (res == nullptr) throw resource_not_found(r.param("resource_name"), s.name);
    return json_response(
        200, {{"resource", views_.resource(s, *res, heat_.events(r.context, s.id),
                                           required_by(graph_of(s), res->name), true)}});
  });
}

void OrchestrationApi::add_event_routes(RouteBuilder& v1) {
  // Lists follow Heat's event filters (resource_name, resource_action, resource_status,
  // resource_type), sort_dir, marker (the last event seen) and limit.
  const auto listing = [this](ApiRequest& r, const std::string& resource) {
    const orchestration::Stack s = identified(r);
    const std::vector<orchestration::StackResource> current = resources(r, s);
    std::vector<orchestration::StackEvent> events = heat_.events(r.context, s.id);
    if (!resource.empty() && std::none_of(events.begin(), events.end(), [&resource](const auto& e) {
          return e.resource_name == resource;
        })) {
      throw resource_not_found(resource, s.name);
    }
    if (r.http.query_value("sort_dir") == "desc") std::reverse(events.begin(), events.end());
    std::size_t first = 0;
    if (const std::optional<std::string> marker = r.http.query_value("marker")) {
      const auto it = std::find_if(events.begin(), events.end(), [&marker](const auto& e) {
        return std::to_string(e.id) == *marker;
      });
      if (it == events.end()) {
        throw runtime::ServiceError("EntityNotFound", 404,
                                    "The Event (" + *marker + ") could not be found.");
      }
      first = static_cast<std::size_t>(it - events.begin()) + 1;
    }
    const std::size_t limit = limit_of(r.http);
    json items = json::array();
    for (std::size_t i = first; i < events.size() && items.size() < limit; ++i) {
      const orchestration::StackEvent& e = events[i];
      const orchestration::StackResource* res = named(current, e.resource_name);
      const auto [action, state] = split_status(e.status);
      const std::string type = HeatViews::is_stack_event(s, e) ? "OS::Heat::Stack"
                               : res                           ? res->type
                                                               : "";
      if ((!resource.empty() && e.resource_name != resource) ||
          !passes(r.http, "resource_name", e.resource_name) ||
          !passes(r.http, "resource_action", action) || !passes(r.http, "resource_status", state) ||
          !passes(r.http, "resource_type", type)) {
        continue;
      }
      items.push_back(views_.event(s, e, res, false));
    }
    return json_response(200, {{"events", std::move(items)}});
  };
  v1.get("/stacks/{stack_name}/{stack_id}/events",
         [listing](ApiRequest& r) { return listing(r, ""); });
  v1.get("/stacks/{stack_name}/{stack_id}/resources/{resource_name}/events",
         [listing](ApiRequest& r) { return listing(r, r.param("resource_name")); });
  v1.get("/stacks/{stack_name}/{stack_id}/resources/{resource_name}/events/{event_id}",
         [this](ApiRequest& r) {
           const orchestration::Stack s = identified(r);
           const std::vector<orchestration::StackResource> current = resources(r, s);
           for (const orchestration::StackEvent& e : heat_.events(r.context, s.id)) {
             if (std::to_string(e.id) != r.param("event_id") ||
                 e.resource_name != r.param("resource_name")) {
               continue;
             }
             return json_response(
                 200, {{"event", views_.event(s, e, named(current, e.resource_name), true)}});
           }
           throw runtime::ServiceError(
               "EntityNotFound", 404,
               "The Event (" + r.param("event_id") + ") could not be found.");
         });
}

void OrchestrationApi::add_output_routes(RouteBuilder& v1) {
  v1.get("/stacks/{stack_name}/{stack_id}/outputs", [this](ApiRequest& r) {
    const orchestration::Stack s = identified(r);
    const json outputs = heat_.outputs(r.context, s.id);
    json items = json::array();
    for (const auto& [key, output] : outputs.items()) {
      items.push_back({{"output_key", key}, {"description", output.at("description")}});
    }
    return json_response(200, {{"outputs", std::move(items)}});
  });
  v1.get("/stacks/{stack_name}/{stack_id}/outputs/{output_key}", [this](ApiRequest& r) {
    const orchestration::Stack s = identified(r);
    const json outputs = heat_.outputs(r.context, s.id);
    const std::string& key = r.param("output_key");
    if (!outputs.contains(key)) {
      throw runtime::ServiceError("NotFound", 404, "Specified output key " + key + " not found.");
    }
    return json_response(200, {{"output", HeatViews::output(key, outputs.at(key))}});
  });
}

}  // namespace stacksim::api
