#include "core/scheduler/weighers/ram_weigher.hpp"

namespace stacksim::scheduler {

std::string_view RAMWeigher::name() const {
  return "RAMWeigher";
}

MultiplierOption RAMWeigher::multiplier_option() const {
  return {"ram_weight_multiplier", 1.0, false};
}

bool RAMWeigher::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                       std::span<double> raw) {
  const HostStates& h = ctx.hosts;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const HostId host = hosts[i];
    raw[i] = static_cast<double>(h.free_ram_mb[host]);
  }
  return true;
}

}  // namespace stacksim::scheduler
