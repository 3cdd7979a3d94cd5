#include "core/scheduler/weighers/disk_weigher.hpp"

namespace stacksim::scheduler {

std::string_view DiskWeigher::name() const {
  return "DiskWeigher";
}

MultiplierOption DiskWeigher::multiplier_option() const {
  return {"disk_weight_multiplier", 1.0, false};
}

bool DiskWeigher::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                        std::span<double> raw) {
  const HostStates& h = ctx.hosts;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const HostId host = hosts[i];
    raw[i] = static_cast<double>(h.free_disk_mb[host]);
  }
  return true;
}

}  // namespace stacksim::scheduler
