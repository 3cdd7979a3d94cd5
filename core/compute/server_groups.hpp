#pragma once
// Server groups (Nova's instance groups): a policy for where members go relative to each other -
// affinity, anti-affinity, soft-affinity, soft-anti-affinity - and, for anti-affinity, the rule
// max_server_per_host. Members are added when servers are booted into the group.

#include <optional>
#include <string>
#include <vector>

#include "core/runtime/executor.hpp"
#include "core/scheduler/request_spec.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::compute {

struct ServerGroup {
  std::string uuid;
  std::string name;
  std::string project_id;
  std::string user_id;
  scheduler::GroupPolicy policy = scheduler::GroupPolicy::affinity;
  std::optional<int> max_server_per_host;  // rules; anti-affinity only
  std::vector<std::string> members;        // instance uuids, in the order they joined
};

class ServerGroups {
 public:
  ServerGroups(store::Database& db, const runtime::Executor& clock, std::uint64_t id_seed);

  /// `policy`: "affinity", "anti-affinity", "soft-affinity" or "soft-anti-affinity"
  /// (ValidationError otherwise); max_server_per_host only with anti-affinity, and >= 1.
  ServerGroup create(const std::string& project_id, const std::string& user_id,
                     const std::string& name, const std::string& policy,
                     std::optional<int> max_server_per_host = std::nullopt);
  /// InstanceGroupNotFound (404).
  [[nodiscard]] ServerGroup get(const std::string& uuid);
  /// All groups, or one project's.
  [[nodiscard]] std::vector<ServerGroup> list(std::optional<std::string> project_id = {});
  void remove(const std::string& uuid);
  void add_members(const std::string& uuid, const std::vector<std::string>& instance_uuids);
  /// Drops an instance from whatever group it is in (no-op if none).
  void remove_member(const std::string& instance_uuid);

 private:
  store::Database& db_;
  const runtime::Executor& clock_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
};

}  // namespace stacksim::compute
