#include "core/scheduler/filters/same_host_filter.hpp"

#include <algorithm>

namespace stacksim::scheduler {

std::string_view SameHostFilter::name() const {
  return "SameHostFilter";
}

bool SameHostFilter::applies(const RequestContext& ctx) const {
  return !ctx.spec.same_host.empty();
}

bool SameHostFilter::host_passes(const RequestContext& ctx, HostId host) const {
  return std::binary_search(ctx.same_host_hosts.begin(), ctx.same_host_hosts.end(), host);
}

}  // namespace stacksim::scheduler
