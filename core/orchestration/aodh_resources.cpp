#include "core/orchestration/aodh_resources.hpp"

#include <stdexcept>

#include "core/orchestration/property_reader.hpp"
#include "core/telemetry/telemetry_service.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

class AlarmPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return "OS::Aodh::Alarm"; }
  std::vector<PropertySpec> properties() const override {
    return {{"description", PropertyType::string},
            {"meter_name", PropertyType::string, true},
            {"statistic", PropertyType::string},
            {"period", PropertyType::integer},
            {"evaluation_periods", PropertyType::integer},
            {"threshold", PropertyType::number, true},
            {"comparison_operator", PropertyType::string},
            {"alarm_actions", PropertyType::list},
            {"ok_actions", PropertyType::list},
            {"insufficient_data_actions", PropertyType::list},
            {"repeat_actions", PropertyType::boolean},
            {"enabled", PropertyType::boolean},
            {"matching_metadata", PropertyType::map}};
  }
  std::vector<std::string> attributes() const override { return {"alarm_id"}; }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    if (ctx.telemetry == nullptr) throw std::runtime_error("this cloud has no telemetry service");
    const PropertyReader p(properties, path);
    telemetry::AlarmDefinition d;
    d.name = ctx.stack_name + "-" + name;
    d.meter = p.string("meter_name");
    const std::string statistic = p.string("statistic", "avg");
    const std::string op = p.string("comparison_operator", "gt");
    if (!telemetry::parse_statistic(statistic)) {
      throw TemplateError(p.path("statistic"),
                          "unknown statistic '" + statistic + "' (avg, min, max, sum, count)");
    }
    if (!telemetry::parse_comparison_operator(op)) {
      throw TemplateError(p.path("comparison_operator"),
                          "unknown operator '" + op + "' (lt, le, eq, ne, ge, gt)");
    }
    d.statistic = *telemetry::parse_statistic(statistic);
    d.comparison_operator = *telemetry::parse_comparison_operator(op);
    d.threshold = p.number("threshold", 0);
    const int period = p.integer("period", 60);
    if (period <= 0) throw TemplateError(p.path("period"), "must be positive");
    d.period = std::chrono::seconds(period);
    d.evaluation_periods = p.integer("evaluation_periods", 1);
    if (d.evaluation_periods < 1) {
      throw TemplateError(p.path("evaluation_periods"), "must be at least 1");
    }
    d.alarm_actions = p.strings("alarm_actions");
    d.ok_actions = p.strings("ok_actions");
    d.insufficient_data_actions = p.strings("insufficient_data_actions");
    d.repeat_actions = p.optional_boolean("repeat_actions").value_or(true);  // Heat's default
    d.enabled = p.optional_boolean("enabled").value_or(true);
    const json metadata = p.map("matching_metadata");
    for (const auto& [key, value] : metadata.items()) {
      const std::string at = child_path(p.path("matching_metadata"), key);
      if (!value.is_string()) throw TemplateError(at, "expected a string");
      if (key == "metering.server_group") {
        d.group = value.get<std::string>();
      } else if (key == "resource_id") {
        d.resource_id = value.get<std::string>();
      } else {
        throw TemplateError(at, "supported keys: metering.server_group, resource_id");
      }
    }
    const telemetry::Alarm alarm = ctx.telemetry->create_alarm(d);
    co_return ResourceData{alarm.id, {{"alarm_id", alarm.id}}};
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    if (ctx.telemetry == nullptr) co_return;
    try {
      ctx.telemetry->delete_alarm(data.physical_id);
    } catch (const std::out_of_range&) {  // already gone
    }
  }
};

}  // namespace

void add_aodh_resources(PluginRegistry& registry) {
  registry.add(std::make_unique<AlarmPlugin>());
}

}  // namespace stacksim::orchestration
