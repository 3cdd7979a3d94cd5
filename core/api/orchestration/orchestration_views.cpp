#include "core/api/orchestration/orchestration_views.hpp"

#include "core/api/responses.hpp"

namespace stacksim::api {

using nlohmann::json;

std::string HeatViews::stack_url(const orchestration::Stack& s) const {
  return v1_url_ + "/" + s.owner.project_id + "/stacks/" + s.name + "/" + s.id;
}

json HeatViews::link(const std::string& href, const char* rel) const {
  return {{"href", href}, {"rel", rel}};
}

json HeatViews::stack_links(const orchestration::Stack& s) const {
  return json::array({link(stack_url(s), "self")});
}

json HeatViews::stack_summary(const orchestration::Stack& s, const std::string& description,
                              bool with_project) const {
  // Heat sets updated_time when a stack is updated, not on every status change.
  const bool updated = s.status.starts_with("UPDATE_") || s.status.starts_with("ROLLBACK_");
  json out = {{"id", s.id},
              {"links", stack_links(s)},
              {"stack_name", s.name},
              {"description", description},
              {"stack_status", s.status},
              {"stack_status_reason", s.status_reason},
              {"creation_time", time_.iso8601(s.created_at)},
              {"updated_time", updated ? json(time_.iso8601(s.updated_at)) : json(nullptr)},
              {"deletion_time", nullptr},
              {"stack_owner", nullptr},
              {"parent", nullptr},
              {"stack_user_project_id", s.owner.project_id},
              {"tags", nullptr}};
  if (with_project) out["project"] = s.owner.project_id;
  return out;
}

json HeatViews::stack_detail(const orchestration::Stack& s, const std::string& description,
                             const json& parameters, const json& outputs) const {
  json out = stack_summary(s, description, false);
  out["template_description"] = description;
  out["disable_rollback"] = !s.rollback;
  out["timeout_mins"] = nullptr;
  out["notification_topics"] = json::array();
  out["capabilities"] = json::array();
  json params = json::object();
  for (auto it = parameters.begin(); it != parameters.end(); ++it)
    params[it.key()] = it->is_string() ? *it : json(it->dump());
  out["parameters"] = std::move(params);
  if (!outputs.is_null()) {
    json list = json::array();
    for (const auto& [key, value] : outputs.items())
      list.push_back(output(key, value));
    out["outputs"] = std::move(list);
  }
  return out;
}

json HeatViews::resource(const orchestration::Stack& s, const orchestration::StackResource& r,
                         const std::vector<orchestration::StackEvent>& events,
                         const std::vector<std::string>& required_by, bool detail) const {
  json created = nullptr;
  json updated = nullptr;
  for (const orchestration::StackEvent& e : events) {
    if (e.resource_name != r.name || is_stack_event(s, e)) continue;
    if (created.is_null()) created = time_.iso8601(e.timestamp);
    updated = time_.iso8601(e.timestamp);
  }
  const std::string url = stack_url(s) + "/resources/" + r.name;
  json out = {{"resource_name", r.name},
              {"logical_resource_id", r.name},
              {"physical_resource_id", r.data.physical_id},
              {"resource_type", r.type},
              {"resource_status", r.status},
              {"resource_status_reason", r.status_reason},
              {"creation_time", created},
              {"updated_time", updated},
              {"required_by", required_by},
              {"links", json::array({link(url, "self"), link(stack_url(s), "stack")})}};
  if (detail) {
    out["attributes"] = r.data.attributes;
    out["properties"] = r.properties;
    out["description"] = "";
  }
  return out;
}

json HeatViews::event(const orchestration::Stack& s, const orchestration::StackEvent& e,
                      const orchestration::StackResource* resource, bool detail) const {
  const std::string resource_url = stack_url(s) + "/resources/" + e.resource_name;
  json out = {
      {"id", std::to_string(e.id)},
      {"event_time", time_.iso8601(e.timestamp)},
      {"resource_name", e.resource_name},
      {"logical_resource_id", e.resource_name},
      {"physical_resource_id", e.physical_id},
      {"resource_status", e.status},
      {"resource_status_reason", e.reason},
      {"links", json::array({link(resource_url + "/events/" + std::to_string(e.id), "self"),
                             link(resource_url, "resource"), link(stack_url(s), "stack")})}};
  if (detail) {
    const bool stack_event = is_stack_event(s, e);
    out["resource_type"] = stack_event ? json("OS::Heat::Stack")
                           : resource  ? json(resource->type)
                                       : json(nullptr);
    out["resource_properties"] = resource && !stack_event ? resource->properties : json::object();
  }
  return out;
}

json HeatViews::output(const std::string& key, const json& output) {
  json out = {
      {"output_key", key},
      {"output_value", output.contains("value") ? output.at("value") : json(nullptr)},
      {"description", output.contains("description") ? output.at("description") : json("")}};
  if (output.contains("error")) out["output_error"] = output.at("error");
  return out;
}

}  // namespace stacksim::api
