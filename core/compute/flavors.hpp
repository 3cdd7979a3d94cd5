#pragma once
// Flavors with their extra specs and, for private flavors, the projects allowed to use them
// (flavor access). Trusted in-process API; ComputeApi enforces policy for callers.

#include <optional>
#include <string>
#include <vector>

#include "core/compute/flavor.hpp"
#include "core/store/database.hpp"

namespace stacksim::compute {

class Flavors {
 public:
  explicit Flavors(store::Database& db);

  /// FlavorExists / FlavorIdExists (409) on duplicates; InvalidInput (400) for vcpus < 1,
  /// memory_mb < 1 or negative disks.
  Flavor create(const Flavor& flavor);
  [[nodiscard]] Flavor get(const std::string& id);
  [[nodiscard]] Flavor find_by_name(const std::string& name);
  /// Public flavors plus the private ones `project_id` has access to (all when nullopt).
  [[nodiscard]] std::vector<Flavor> list(std::optional<std::string> project_id = std::nullopt);
  void remove(const std::string& id);

  Flavor set_extra_spec(const std::string& id, const std::string& key, const std::string& value);
  Flavor unset_extra_spec(const std::string& id, const std::string& key);

  /// Flavor access (private flavors only, FlavorAccessExists / FlavorAccessNotFound).
  void add_access(const std::string& flavor_id, const std::string& project_id);
  void remove_access(const std::string& flavor_id, const std::string& project_id);
  [[nodiscard]] std::vector<std::string> access_list(const std::string& flavor_id);
  /// True if `project_id` may boot the flavor (public, or private with access).
  [[nodiscard]] bool accessible(const Flavor& flavor, const std::string& project_id);

 private:
  store::Database& db_;
};

}  // namespace stacksim::compute
