#include "core/scheduler/weighers/io_ops_weigher.hpp"

namespace stacksim::scheduler {

std::string_view IoOpsWeigher::name() const {
  return "IoOpsWeigher";
}

MultiplierOption IoOpsWeigher::multiplier_option() const {
  return {"io_ops_weight_multiplier", -1.0, false};
}

bool IoOpsWeigher::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                         std::span<double> raw) {
  const HostStates& h = ctx.hosts;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const HostId host = hosts[i];
    raw[i] = static_cast<double>(h.num_io_ops[host]);
  }
  return true;
}

}  // namespace stacksim::scheduler
