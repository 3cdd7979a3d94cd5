#pragma once
// AvailabilityZoneFilter: a host passes when the requested zone is among the (comma-split)
// availability_zone values of its aggregates, or, with no such aggregate, when the request names
// default_availability_zone. Decided once per aggregate membership set.

#include <cstdint>
#include <vector>

#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class AvailabilityZoneFilter final : public StaticHostFilter<AvailabilityZoneFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] bool run_filter_once_per_request() const override { return true; }
  bool applies(const RequestContext& ctx);
  bool host_passes(const RequestContext& ctx, HostId host);

 private:
  std::vector<std::int8_t> by_set_;  // per aggregate set: -1 unknown, 0 fails, 1 passes
};

}  // namespace stacksim::scheduler
