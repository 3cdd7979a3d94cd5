#include "core/scheduler/filters/different_host_filter.hpp"

#include <algorithm>

namespace stacksim::scheduler {

std::string_view DifferentHostFilter::name() const {
  return "DifferentHostFilter";
}

bool DifferentHostFilter::applies(const RequestContext& ctx) const {
  return !ctx.spec.different_host.empty();
}

bool DifferentHostFilter::host_passes(const RequestContext& ctx, HostId host) const {
  return !std::binary_search(ctx.different_host_hosts.begin(), ctx.different_host_hosts.end(),
                             host);
}

}  // namespace stacksim::scheduler
