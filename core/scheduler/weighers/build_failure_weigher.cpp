#include "core/scheduler/weighers/build_failure_weigher.hpp"

namespace stacksim::scheduler {

std::string_view BuildFailureWeigher::name() const {
  return "BuildFailureWeigher";
}

MultiplierOption BuildFailureWeigher::multiplier_option() const {
  return {"build_failure_weight_multiplier", 1000000.0, true};
}

bool BuildFailureWeigher::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                                std::span<double> raw) {
  const HostStates& h = ctx.hosts;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const HostId host = hosts[i];
    raw[i] = static_cast<double>(h.failed_builds[host]);
  }
  return true;
}

}  // namespace stacksim::scheduler
