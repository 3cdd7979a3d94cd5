#include "core/telemetry/alarm_json.hpp"

#include <stdexcept>

namespace stacksim::telemetry {

nlohmann::json to_json(const AlarmDefinition& d) {
  nlohmann::json j = {{"name", d.name},
                      {"meter_name", d.meter},
                      {"statistic", to_string(d.statistic)},
                      {"comparison_operator", to_string(d.comparison_operator)},
                      {"threshold", d.threshold},
                      {"period_ns", d.period.count()},
                      {"evaluation_periods", d.evaluation_periods},
                      {"alarm_actions", d.alarm_actions},
                      {"ok_actions", d.ok_actions},
                      {"insufficient_data_actions", d.insufficient_data_actions},
                      {"repeat_actions", d.repeat_actions},
                      {"enabled", d.enabled}};
  if (d.resource_id) j["resource_id"] = *d.resource_id;
  if (d.group) j["group"] = *d.group;
  return j;
}

AlarmDefinition alarm_definition_from_json(const nlohmann::json& j) {
  AlarmDefinition d;
  d.name = j.at("name").get<std::string>();
  d.meter = j.at("meter_name").get<std::string>();
  const auto statistic = parse_statistic(j.at("statistic").get<std::string>());
  const auto op = parse_comparison_operator(j.at("comparison_operator").get<std::string>());
  if (!statistic) throw std::invalid_argument("alarm statistic: unknown value");
  if (!op) throw std::invalid_argument("alarm comparison_operator: unknown value");
  d.statistic = *statistic;
  d.comparison_operator = *op;
  d.threshold = j.at("threshold").get<double>();
  d.period = runtime::Duration(j.at("period_ns").get<std::int64_t>());
  d.evaluation_periods = j.at("evaluation_periods").get<int>();
  d.alarm_actions = j.at("alarm_actions").get<std::vector<std::string>>();
  d.ok_actions = j.at("ok_actions").get<std::vector<std::string>>();
  d.insufficient_data_actions = j.at("insufficient_data_actions").get<std::vector<std::string>>();
  d.repeat_actions = j.at("repeat_actions").get<bool>();
  d.enabled = j.at("enabled").get<bool>();
  if (j.contains("resource_id")) d.resource_id = j["resource_id"].get<std::string>();
  if (j.contains("group")) d.group = j["group"].get<std::string>();
  return d;
}

}  // namespace stacksim::telemetry
