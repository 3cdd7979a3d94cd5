#pragma once
// The object service's tables (component "objectstore"): accounts, containers and objects with
// their user metadata (JSON), placements (partition and device ids) and the objects' bytes.

#include "core/store/database.hpp"

namespace stacksim::objectstore {

void ensure_object_service_schema(store::Database& db);

}  // namespace stacksim::objectstore
