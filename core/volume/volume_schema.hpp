#pragma once
// The block storage tables (prefix volume_), created and upgraded by store::migrate.

#include "core/store/database.hpp"

namespace stacksim::volume {

void ensure_volume_schema(store::Database& db);

}  // namespace stacksim::volume
