#pragma once
// The identity service's tables (component "identity" in schema_versions).

#include "core/store/database.hpp"

namespace stacksim::identity {

/// Brings the identity tables up to date; every identity component calls it when constructed.
void ensure_identity_schema(store::Database& db);

}  // namespace stacksim::identity
