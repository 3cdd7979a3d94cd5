#pragma once
// An alarm definition as Aodh's API writes it (threshold rule fields flattened), for storage.

#include <nlohmann/json.hpp>

#include "core/telemetry/alarm.hpp"

namespace stacksim::telemetry {

nlohmann::json to_json(const AlarmDefinition& definition);
/// Throws std::invalid_argument naming the field for a missing or bad value.
AlarmDefinition alarm_definition_from_json(const nlohmann::json& json);

}  // namespace stacksim::telemetry
