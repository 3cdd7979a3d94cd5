#pragma once
// ComputeFilter: only hosts whose compute service is enabled and up (not forced down, heard from
// within service_down_time seconds).

#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class ComputeFilter final : public StaticHostFilter<ComputeFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] bool run_filter_once_per_request() const override { return true; }
  bool applies(const RequestContext& /*ctx*/) { return true; }
  bool host_passes(const RequestContext& ctx, HostId host) const;
};

}  // namespace stacksim::scheduler
