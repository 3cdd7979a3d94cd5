#include "core/scheduler/filters/server_group_affinity_filter.hpp"

namespace stacksim::scheduler {

std::string_view ServerGroupAffinityFilter::name() const {
  return "ServerGroupAffinityFilter";
}

bool ServerGroupAffinityFilter::applies(const RequestContext& ctx) const {
  return ctx.group != nullptr && ctx.group->policy == GroupPolicy::affinity && !ctx.group->no_hosts;
}

bool ServerGroupAffinityFilter::host_passes(const RequestContext& ctx, HostId host) const {
  return ctx.group->members_on_host[host] > 0;
}

}  // namespace stacksim::scheduler
