#pragma once
// Neutron's per-project quotas (the DbQuotaDriver): a limit per resource (networks, subnets, ports,
// routers, floating IPs, security groups and their rules), defaults from configuration, overrides
// per project, usage counted from the resources a project owns. -1 is unlimited.

#include <cstdint>
#include <map>
#include <string>

#include "core/network/network_config.hpp"
#include "core/store/database.hpp"

namespace stacksim::network {

class NetworkQuota {
 public:
  NetworkQuota(store::Database& db, const NetworkConfig& config) : db_(db), config_(config) {}

  /// The project's limit for `resource` (its override, else the default).
  [[nodiscard]] std::int64_t limit(const std::string& project_id, const std::string& resource);
  /// Sets an override; std::invalid_argument for an unknown resource name or a limit below -1.
  void set_limit(const std::string& project_id, const std::string& resource, std::int64_t limit);
  /// Removes the project's overrides (Neutron's quota delete: back to the defaults).
  void reset(const std::string& project_id);
  /// How many of `resource` the project owns.
  [[nodiscard]] std::int64_t usage(const std::string& project_id, const std::string& resource);
  /// Every resource's {limit, usage} for `project_id`, by resource name.
  [[nodiscard]] std::map<std::string, std::pair<std::int64_t, std::int64_t>> details(
      const std::string& project_id);
  /// Throws OverQuota if the project cannot own `delta` more of `resource`.
  void check(const std::string& project_id, const std::string& resource, std::int64_t delta = 1);

 private:
  store::Database& db_;
  const NetworkConfig& config_;
};

}  // namespace stacksim::network
