#pragma once
// Migration records: one per resize, cold migration, live migration or evacuation, with Nova's
// status progression for each type (see docs/compute.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/time.hpp"
#include "core/store/database.hpp"

namespace stacksim::compute {

enum class MigrationType { migration, resize, live_migration, evacuation };

/// "migration", "resize", "live-migration", "evacuation".
std::string_view to_string(MigrationType type) noexcept;
MigrationType parse_migration_type(std::string_view text);

struct Migration {
  std::int64_t id = 0;
  std::string uuid;  // also the consumer of the source host's allocation during the move
  std::string instance_uuid;
  MigrationType type = MigrationType::migration;
  std::string status;
  std::string source_compute;
  std::string dest_compute;
  std::string old_flavor_id;
  std::string new_flavor_id;
  runtime::TimePoint created_at{};
  runtime::TimePoint updated_at{};
};

class Migrations {
 public:
  explicit Migrations(store::Database& db);

  /// Stores a new record and returns it with its id.
  Migration create(Migration migration);
  /// MigrationNotFound (404).
  [[nodiscard]] Migration get(const std::string& uuid);
  void save(const Migration& migration);
  /// Records of one instance (all instances when nullopt), oldest first.
  [[nodiscard]] std::vector<Migration> list(std::optional<std::string> instance_uuid = {});
  /// The instance's newest migration of `type` whose status is `status`.
  [[nodiscard]] std::optional<Migration> find(const std::string& instance_uuid, MigrationType type,
                                              const std::string& status);
  /// Migrations away from `source` with the given type and status, oldest first.
  [[nodiscard]] std::vector<Migration> from_source(const std::string& source, MigrationType type,
                                                   const std::string& status);

 private:
  store::Database& db_;
};

}  // namespace stacksim::compute
