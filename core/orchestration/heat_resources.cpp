#include "core/orchestration/heat_resources.hpp"

#include <algorithm>

#include "core/orchestration/group_members.hpp"
#include "core/orchestration/property_reader.hpp"
#include "core/telemetry/telemetry_service.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

std::vector<int> index_range(int from, int to) {
  std::vector<int> out;
  for (int i = from; i < to; ++i)
    out.push_back(i);
  return out;
}

class ResourceGroupPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return "OS::Heat::ResourceGroup"; }
  std::vector<PropertySpec> properties() const override {
    return {{"count", PropertyType::integer}, {"resource_def", PropertyType::map, true}};
  }
  std::vector<std::string> attributes() const override { return {"refs", "attributes"}; }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    const PropertyReader p(properties, path);
    const int count = p.integer("count", 1);
    if (count < 0) throw TemplateError(p.path("count"), "must not be negative");
    const json definition = p.map("resource_def");
    check_member_definition(ctx, definition, p.path("resource_def"));
    json members = co_await create_members(ctx, ctx.stack_name + "-" + name, definition,
                                           index_range(0, count), true, p.path("resource_def"));
    co_return data_of(ctx, name, definition, std::move(members));
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    co_await delete_members(ctx, data.attributes["definition"], data.attributes["members"]);
  }

  /// A new count with the same definition resizes in place: members added or the highest removed.
  runtime::Task<std::optional<ResourceData>> update(PluginContext ctx, ResourceData data,
                                                    json old_properties, json new_properties,
                                                    std::string path) const override {
    if (old_properties.value("resource_def", json()) !=
        new_properties.value("resource_def", json())) {
      co_return std::nullopt;
    }
    const PropertyReader p(new_properties, path);
    const int count = p.integer("count", 1);
    if (count < 0) throw TemplateError(p.path("count"), "must not be negative");
    const json definition = data.attributes["definition"];
    json members = data.attributes["members"];
    const int current = static_cast<int>(members.size());
    if (count > current) {
      const json added =
          co_await create_members(ctx, data.attributes["name"].get<std::string>(), definition,
                                  index_range(current, count), true, p.path("resource_def"));
      for (const json& m : added)
        members.push_back(m);
    } else if (count < current) {
      const json removed(members.begin() + count, members.end());
      co_await delete_members(ctx, definition, removed);
      members.erase(members.begin() + count, members.end());
    }
    data.attributes["members"] = members;
    data.attributes["refs"] = member_ids(members);
    co_return data;
  }

 private:
  static ResourceData data_of(const PluginContext& ctx, const std::string& name,
                              const json& definition, json members) {
    ResourceData data;
    data.physical_id = ctx.stack_id + "-" + name;
    json attrs = json::array();
    for (const json& m : members)
      attrs.push_back(m["attributes"]);
    data.attributes = {{"name", ctx.stack_name + "-" + name},
                       {"definition", definition},
                       {"refs", member_ids(members)},
                       {"attributes", attrs},
                       {"members", members}};
    return data;
  }
};

void publish_members(const PluginContext& ctx, const ResourceData& group) {
  if (ctx.telemetry == nullptr) return;
  ctx.telemetry->meters().set_group_members(group.physical_id,
                                            member_ids(group.attributes["members"]));
}

class AutoScalingGroupPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return type_autoscaling_group; }
  std::vector<PropertySpec> properties() const override {
    return {{"min_size", PropertyType::integer, true},
            {"max_size", PropertyType::integer, true},
            {"desired_capacity", PropertyType::integer},
            {"cooldown", PropertyType::integer},
            {"resource", PropertyType::map, true}};
  }
  std::vector<std::string> attributes() const override { return {"current_size", "refs"}; }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    const PropertyReader p(properties, path);
    const int min_size = p.integer("min_size", 0);
    const int max_size = p.integer("max_size", 0);
    if (min_size < 0) throw TemplateError(p.path("min_size"), "must not be negative");
    if (max_size < min_size) throw TemplateError(p.path("max_size"), "must be at least min_size");
    const int desired = p.integer("desired_capacity", min_size);
    if (desired < min_size || desired > max_size) {
      throw TemplateError(p.path("desired_capacity"), "must be within min_size and max_size");
    }
    const json definition = p.map("resource");
    check_member_definition(ctx, definition, p.path("resource"));
    ResourceData data;
    data.physical_id = ctx.stack_id + "-" + name;
    data.attributes = {{"name", ctx.stack_name + "-" + name},
                       {"definition", definition},
                       {"min_size", min_size},
                       {"max_size", max_size},
                       {"next_index", 0},
                       {"members", json::array()},
                       {"refs", json::array()},
                       {"current_size", 0}};
    data = co_await resize_autoscaling_group(ctx, std::move(data), desired);
    co_return data;
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    co_await delete_members(ctx, data.attributes["definition"], data.attributes["members"]);
    if (ctx.telemetry != nullptr) ctx.telemetry->meters().set_group_members(data.physical_id, {});
  }

  /// New bounds (and desired capacity) with the same member definition apply in place.
  runtime::Task<std::optional<ResourceData>> update(PluginContext ctx, ResourceData data,
                                                    json old_properties, json new_properties,
                                                    std::string path) const override {
    if (old_properties.value("resource", json()) != new_properties.value("resource", json())) {
      co_return std::nullopt;
    }
    const PropertyReader p(new_properties, path);
    const int min_size = p.integer("min_size", 0);
    const int max_size = p.integer("max_size", 0);
    if (min_size < 0 || max_size < min_size) {
      throw TemplateError(p.path("max_size"), "needs 0 <= min_size <= max_size");
    }
    data.attributes["min_size"] = min_size;
    data.attributes["max_size"] = max_size;
    const int current = autoscaling_group_size(data).current;
    const int target = p.has("desired_capacity") ? p.integer("desired_capacity", current)
                                                 : std::clamp(current, min_size, max_size);
    co_return co_await resize_autoscaling_group(ctx, std::move(data), target);
  }
};

class ScalingPolicyPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return type_scaling_policy; }
  std::vector<PropertySpec> properties() const override {
    return {{"auto_scaling_group_id", PropertyType::string, true},
            {"adjustment_type", PropertyType::string, true},
            {"scaling_adjustment", PropertyType::number, true},
            {"cooldown", PropertyType::integer},
            {"min_adjustment_step", PropertyType::integer}};
  }
  std::vector<std::string> attributes() const override { return {"alarm_url", "signal_url"}; }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    const PropertyReader p(properties, path);
    const std::string type = p.string("adjustment_type");
    if (!parse_adjustment_type(type)) {
      throw TemplateError(p.path("adjustment_type"), "unknown adjustment type '" + type +
                                                         "' (change_in_capacity, exact_capacity, "
                                                         "percent_change_in_capacity)");
    }
    const int cooldown = p.integer("cooldown", 0);
    if (cooldown < 0) throw TemplateError(p.path("cooldown"), "must not be negative");
    const std::string url = signal_url(ctx.stack_id, name);
    co_return ResourceData{url,
                           {{"alarm_url", url},
                            {"signal_url", url},
                            {"group_id", p.string("auto_scaling_group_id")},
                            {"adjustment_type", type},
                            {"scaling_adjustment", p.number("scaling_adjustment", 0)},
                            {"cooldown_s", cooldown},
                            {"min_adjustment_step", p.integer("min_adjustment_step", 0)}}};
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    (void)ctx;
    (void)data;
    co_return;  // a policy is only a record in the stack
  }
};

}  // namespace

GroupSize autoscaling_group_size(const ResourceData& group) {
  return {static_cast<int>(group.attributes.at("members").size()),
          group.attributes.at("min_size").get<int>(), group.attributes.at("max_size").get<int>()};
}

runtime::Task<ResourceData> resize_autoscaling_group(PluginContext ctx, ResourceData group,
                                                     int capacity) {
  const GroupSize size = autoscaling_group_size(group);
  const int target = std::clamp(capacity, size.min_size, size.max_size);
  json& attrs = group.attributes;
  const json definition = attrs["definition"];
  json members = attrs["members"];
  if (target > size.current) {
    const int next = attrs["next_index"].get<int>();
    const json added =
        co_await create_members(ctx, attrs["name"].get<std::string>(), definition,
                                index_range(next, next + target - size.current), false, "resource");
    for (const json& m : added)
      members.push_back(m);
    attrs["next_index"] = next + target - size.current;
  } else if (target < size.current) {
    const auto cut = members.begin() + (size.current - target);
    const json removed(members.begin(), cut);
    members.erase(members.begin(), cut);
    attrs["members"] = members;  // published before the deletes, so alarms stop counting them
    attrs["refs"] = member_ids(members);
    publish_members(ctx, group);
    co_await delete_members(ctx, definition, removed);
  }
  attrs["members"] = members;
  attrs["refs"] = member_ids(members);
  attrs["current_size"] = members.size();
  publish_members(ctx, group);
  co_return group;
}

ScalingPolicySettings scaling_policy_settings(const ResourceData& policy) {
  const json& a = policy.attributes;
  ScalingPolicySettings s;
  s.group_id = a.at("group_id").get<std::string>();
  s.adjustment_type = parse_adjustment_type(a.at("adjustment_type").get<std::string>())
                          .value_or(AdjustmentType::change_in_capacity);
  s.scaling_adjustment = a.at("scaling_adjustment").get<double>();
  s.cooldown = std::chrono::seconds(a.at("cooldown_s").get<int>());
  s.min_adjustment_step = a.at("min_adjustment_step").get<int>();
  return s;
}

std::string signal_url(const std::string& stack_id, const std::string& resource_name) {
  return "heat://" + stack_id + "/" + resource_name;
}

void add_heat_resources(PluginRegistry& registry) {
  registry.add(std::make_unique<ResourceGroupPlugin>());
  registry.add(std::make_unique<AutoScalingGroupPlugin>());
  registry.add(std::make_unique<ScalingPolicyPlugin>());
}

}  // namespace stacksim::orchestration
