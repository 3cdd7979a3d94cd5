#include "core/scheduler/weighers/cpu_weigher.hpp"

namespace stacksim::scheduler {

std::string_view CPUWeigher::name() const {
  return "CPUWeigher";
}

MultiplierOption CPUWeigher::multiplier_option() const {
  return {"cpu_weight_multiplier", 1.0, false};
}

bool CPUWeigher::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                       std::span<double> raw) {
  const HostStates& h = ctx.hosts;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const HostId host = hosts[i];
    raw[i] = static_cast<double>(h.vcpus_total[host]) * h.cpu_allocation_ratio[host] -
             static_cast<double>(h.vcpus_used[host]);
  }
  return true;
}

}  // namespace stacksim::scheduler
