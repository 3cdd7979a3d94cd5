#pragma once
// SameHostFilter: with a same_host hint, only hosts already running one of the named instances.

#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class SameHostFilter final : public StaticHostFilter<SameHostFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] bool run_filter_once_per_request() const override { return true; }
  bool applies(const RequestContext& ctx) const;
  bool host_passes(const RequestContext& ctx, HostId host) const;
};

}  // namespace stacksim::scheduler
