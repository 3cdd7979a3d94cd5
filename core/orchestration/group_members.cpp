#include "core/orchestration/group_members.hpp"

#include <exception>
#include <optional>

#include "core/orchestration/plugin_registry.hpp"
#include "core/orchestration/template_error.hpp"
#include "core/runtime/when_all.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

json with_index(const json& value, int index) {
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    const std::string key = "%index%";
    const std::string replacement = std::to_string(index);
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at))
      text.replace(at, key.size(), replacement);
    return text;
  }
  json out = value;
  if (value.is_object() || value.is_array()) {
    for (auto& item : out)
      item = with_index(item, index);
  }
  return out;
}

const ResourcePlugin& member_plugin(const PluginContext& ctx, const json& definition,
                                    const std::string& path) {
  if (!definition.is_object() || !definition.contains("type") || !definition["type"].is_string()) {
    throw TemplateError(child_path(path, "type"), "missing resource type");
  }
  for (const auto& [key, value] : definition.items()) {
    if (key != "type" && key != "properties")
      throw TemplateError(child_path(path, key), "unknown key");
  }
  return ctx.registry->get(definition["type"].get<std::string>(), child_path(path, "type"));
}

struct Outcome {
  std::optional<ResourceData> data;
  std::exception_ptr error;
};

runtime::Task<Outcome> create_one(PluginContext ctx, const ResourcePlugin* plugin, std::string name,
                                  json properties, std::string path) {
  Outcome outcome;
  try {
    outcome.data =
        co_await plugin->create(ctx, std::move(name), std::move(properties), std::move(path));
  } catch (...) {
    outcome.error = std::current_exception();
  }
  co_return outcome;
}

runtime::Task<void> remove_one(PluginContext ctx, const ResourcePlugin* plugin, ResourceData data) {
  co_await plugin->remove(std::move(ctx), std::move(data));
}

}  // namespace

void check_member_definition(const PluginContext& ctx, const json& definition,
                             const std::string& path) {
  const ResourcePlugin& plugin = member_plugin(ctx, definition, path);
  check_properties(plugin, definition.value("properties", json::object()),
                   child_path(path, "properties"), false);
}

runtime::Task<json> create_members(PluginContext ctx, std::string group_name, json definition,
                                   std::vector<int> indices, bool substitute_index,
                                   std::string path) {
  const ResourcePlugin& plugin = member_plugin(ctx, definition, path);
  const json properties = definition.value("properties", json::object());
  std::vector<runtime::Task<Outcome>> tasks;
  for (int index : indices) {
    json props = substitute_index ? with_index(properties, index) : properties;
    check_properties(plugin, props, child_path(path, "properties"), true);
    tasks.push_back(create_one(ctx, &plugin, group_name + "-" + std::to_string(index),
                               std::move(props), child_path(path, "properties")));
  }
  const std::vector<Outcome> outcomes = co_await runtime::when_all(std::move(tasks));
  json members = json::array();
  std::exception_ptr first_error;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].error) {
      if (!first_error) first_error = outcomes[i].error;
      continue;
    }
    members.push_back({{"index", indices[i]},
                       {"physical_id", outcomes[i].data->physical_id},
                       {"attributes", outcomes[i].data->attributes}});
  }
  if (first_error) {
    co_await delete_members(ctx, definition, members);
    std::rethrow_exception(first_error);
  }
  co_return members;
}

runtime::Task<void> delete_members(PluginContext ctx, json definition, json members) {
  const ResourcePlugin& plugin = member_plugin(ctx, definition, "");
  std::vector<runtime::Task<void>> tasks;
  for (const json& m : members) {
    tasks.push_back(remove_one(ctx, &plugin,
                               ResourceData{m["physical_id"].get<std::string>(), m["attributes"]}));
  }
  co_await runtime::when_all(std::move(tasks));
}

std::vector<std::string> member_ids(const json& members) {
  std::vector<std::string> out;
  for (const json& m : members)
    out.push_back(m["physical_id"].get<std::string>());
  return out;
}

}  // namespace stacksim::orchestration
