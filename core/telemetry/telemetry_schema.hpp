#pragma once
// The telemetry tables (samples, resource groups, alarms and their history), migration "telemetry".

#include "core/store/database.hpp"

namespace stacksim::telemetry {

void migrate_telemetry_schema(store::Database& db);

}  // namespace stacksim::telemetry
