#pragma once
// NUMATopologyFilter: with a guest NUMA topology requested, a host passes when it has a NUMA
// topology and numa_fit_instance_to_host finds a placement of the guest cells within its cells,
// limited by the host's CPU and RAM allocation ratios. Runs for every instance.

#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class NUMATopologyFilter final : public StaticHostFilter<NUMATopologyFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  bool applies(const RequestContext& ctx) const;
  bool host_passes(const RequestContext& ctx, HostId host) const;
};

}  // namespace stacksim::scheduler
