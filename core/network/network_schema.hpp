#pragma once
// The networking tables (component "network" in schema_versions).

#include "core/store/database.hpp"

namespace stacksim::network {

/// Creates or upgrades the networking tables of `db`.
void ensure_network_schema(store::Database& db);

}  // namespace stacksim::network
