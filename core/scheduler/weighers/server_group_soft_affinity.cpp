#include "core/scheduler/weighers/server_group_soft_affinity.hpp"

namespace stacksim::scheduler {
namespace {

/// Members on each host times `sign`, or false when the request's group has another policy.
bool members_on_hosts(const RequestContext& ctx, GroupPolicy policy, int sign,
                      std::span<const HostId> hosts, std::span<double> raw) {
  if (ctx.group == nullptr || ctx.group->policy != policy) return false;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    // Integer product first: Nova's -1 * 0 is 0, never -0.0.
    raw[i] = static_cast<double>(sign * ctx.group->members_on_host[hosts[i]]);
  }
  return true;
}

}  // namespace

std::string_view ServerGroupSoftAffinityWeigher::name() const {
  return "ServerGroupSoftAffinityWeigher";
}

MultiplierOption ServerGroupSoftAffinityWeigher::multiplier_option() const {
  return {"soft_affinity_weight_multiplier", 1.0, false};
}

bool ServerGroupSoftAffinityWeigher::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                                           std::span<double> raw) {
  return members_on_hosts(ctx, GroupPolicy::soft_affinity, 1, hosts, raw);
}

std::string_view ServerGroupSoftAntiAffinityWeigher::name() const {
  return "ServerGroupSoftAntiAffinityWeigher";
}

MultiplierOption ServerGroupSoftAntiAffinityWeigher::multiplier_option() const {
  return {"soft_anti_affinity_weight_multiplier", 1.0, false};
}

bool ServerGroupSoftAntiAffinityWeigher::weigh(const RequestContext& ctx,
                                               std::span<const HostId> hosts,
                                               std::span<double> raw) {
  return members_on_hosts(ctx, GroupPolicy::soft_anti_affinity, -1, hosts, raw);
}

}  // namespace stacksim::scheduler
