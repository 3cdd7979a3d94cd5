#include "core/scheduler/filters/numa_topology_filter.hpp"

namespace stacksim::scheduler {

std::string_view NUMATopologyFilter::name() const {
  return "NUMATopologyFilter";
}

bool NUMATopologyFilter::applies(const RequestContext& ctx) const {
  return ctx.numa_topology != nullptr && ctx.numa_topology->has_value();
}

bool NUMATopologyFilter::host_passes(const RequestContext& ctx, HostId host) const {
  const auto& cells = ctx.hosts.numa[host];
  if (cells.empty()) return false;
  // The fit mutates the guest cells, so it works on a copy (Nova clones the spec here).
  InstanceNumaTopology guest = **ctx.numa_topology;
  const NumaLimits limits{ctx.hosts.cpu_allocation_ratio[host],
                          ctx.hosts.ram_allocation_ratio[host]};
  return numa_fit_instance_to_host(cells, guest, limits).has_value();
}

}  // namespace stacksim::scheduler
