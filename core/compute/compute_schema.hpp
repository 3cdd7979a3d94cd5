#pragma once
// The compute service's tables (component "compute" in schema_versions).

#include "core/store/database.hpp"

namespace stacksim::compute {

void ensure_compute_schema(store::Database& db);

}  // namespace stacksim::compute
