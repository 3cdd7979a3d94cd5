#pragma once
// Schema versioning per component. Each service owns its tables and lists its migrations; a
// database records the version each component has reached in `schema_versions`, and migrate()
// applies the missing ones in order, each in its own transaction.

#include <span>
#include <string>
#include <string_view>

#include "core/store/database.hpp"

namespace stacksim::store {

struct Migration {
  int version;       // 1, 2, 3, ... without gaps
  std::string name;  // what it does, for errors and logs
  std::string sql;   // one or more statements
};

/// The version `component` has reached in `db` (0 when never migrated).
int schema_version(Database& db, std::string_view component);

/// Brings `component` up to the last migration. Throws StoreError naming the component and the
/// migration if one fails (that migration is rolled back; earlier ones stay), or if the database is
/// newer than the code knows.
int migrate(Database& db, std::string_view component, std::span<const Migration> migrations);

}  // namespace stacksim::store
