#pragma once
// Server groups as the scheduler sees them: policy, rules, the members already placed and how
// many of them sit on each host (group.hosts is the set of hosts with a count above zero).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/scheduler/host_states.hpp"
#include "core/scheduler/request_spec.hpp"

namespace stacksim::scheduler {

std::string_view group_policy_name(GroupPolicy policy) noexcept;
/// Parses "affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity".
std::optional<GroupPolicy> parse_group_policy(std::string_view name) noexcept;

struct ServerGroup {
  std::string name;
  GroupPolicy policy = GroupPolicy::affinity;
  /// rules.max_server_per_host (ServerGroupAntiAffinityFilter; default 1).
  int max_server_per_host = 1;
  std::vector<std::string> members;
  std::map<HostId, int> members_on_host;
};

class ServerGroups {
 public:
  /// Registers a group. Naming an existing group again must repeat its policy (and its rules,
  /// when given).
  ServerGroup& create(const std::string& name, GroupPolicy policy,
                      std::optional<int> max_server_per_host);
  [[nodiscard]] ServerGroup* find(std::string_view name);
  [[nodiscard]] const ServerGroup* find(std::string_view name) const;

 private:
  std::unordered_map<std::string, ServerGroup> groups_;
};

}  // namespace stacksim::scheduler
