#include "core/scheduler/filters/server_group_anti_affinity_filter.hpp"

namespace stacksim::scheduler {

std::string_view ServerGroupAntiAffinityFilter::name() const {
  return "ServerGroupAntiAffinityFilter";
}

bool ServerGroupAntiAffinityFilter::applies(const RequestContext& ctx) const {
  return ctx.group != nullptr && ctx.group->policy == GroupPolicy::anti_affinity;
}

bool ServerGroupAntiAffinityFilter::host_passes(const RequestContext& ctx, HostId host) const {
  // A move may re-check the instance's own host, which must not count against it.
  if (ctx.instance_host == host) return true;
  return ctx.group->members_on_host[host] < ctx.group->max_server_per_host;
}

}  // namespace stacksim::scheduler
