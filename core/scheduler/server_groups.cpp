#include "core/scheduler/server_groups.hpp"

#include "core/scheduler/invalid_request.hpp"

namespace stacksim::scheduler {

std::string_view group_policy_name(GroupPolicy policy) noexcept {
  switch (policy) {
    case GroupPolicy::affinity:
      return "affinity";
    case GroupPolicy::anti_affinity:
      return "anti-affinity";
    case GroupPolicy::soft_affinity:
      return "soft-affinity";
    case GroupPolicy::soft_anti_affinity:
      return "soft-anti-affinity";
  }
  return "";
}

std::optional<GroupPolicy> parse_group_policy(std::string_view name) noexcept {
  for (GroupPolicy p : {GroupPolicy::affinity, GroupPolicy::anti_affinity,
                        GroupPolicy::soft_affinity, GroupPolicy::soft_anti_affinity}) {
    if (group_policy_name(p) == name) return p;
  }
  return std::nullopt;
}

ServerGroup& ServerGroups::create(const std::string& name, GroupPolicy policy,
                                  std::optional<int> max_server_per_host) {
  if (max_server_per_host && *max_server_per_host < 1) {
    throw InvalidRequest("Invalid input for field/attribute max_server_per_host: " +
                         std::to_string(*max_server_per_host) + " is less than the minimum of 1");
  }
  if (max_server_per_host && policy != GroupPolicy::anti_affinity) {
    throw InvalidRequest("Only anti-affinity policy supports rules.");
  }
  auto [it, inserted] = groups_.try_emplace(name);
  ServerGroup& group = it->second;
  if (inserted) {
    group.name = name;
    group.policy = policy;
    group.max_server_per_host = max_server_per_host.value_or(1);
    return group;
  }
  if (group.policy != policy ||
      (max_server_per_host && group.max_server_per_host != *max_server_per_host)) {
    throw InvalidRequest("server group '" + name + "' already exists with policy " +
                         std::string(group_policy_name(group.policy)) +
                         " and max_server_per_host " + std::to_string(group.max_server_per_host));
  }
  return group;
}

ServerGroup* ServerGroups::find(std::string_view name) {
  auto it = groups_.find(std::string(name));
  return it == groups_.end() ? nullptr : &it->second;
}

const ServerGroup* ServerGroups::find(std::string_view name) const {
  auto it = groups_.find(std::string(name));
  return it == groups_.end() ? nullptr : &it->second;
}

}  // namespace stacksim::scheduler
