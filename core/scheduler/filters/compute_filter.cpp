#include "core/scheduler/filters/compute_filter.hpp"

#include <cmath>

namespace stacksim::scheduler {

std::string_view ComputeFilter::name() const {
  return "ComputeFilter";
}

bool ComputeFilter::host_passes(const RequestContext& ctx, HostId host) const {
  const HostStates& h = ctx.hosts;
  if (h.disabled[host] != 0 || h.forced_down[host] != 0) return false;
  // servicegroup db driver: abs(now - last_seen_up) <= service_down_time.
  const double elapsed = runtime::to_seconds(ctx.now) - runtime::to_seconds(h.last_seen_up[host]);
  return std::fabs(elapsed) <= ctx.config.service_down_time_s;
}

}  // namespace stacksim::scheduler
