#pragma once
// AggregateInstanceExtraSpecsFilter: every flavor extra spec that is unscoped or scoped
// "aggregate_instance_extra_specs:" must be matched (extra_specs_ops.match) by one of the
// comma-split values its key has in the metadata of the host's aggregates; a missing key fails the
// host. Decided once per aggregate membership set.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/scheduler/extra_specs_ops.hpp"
#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class AggregateInstanceExtraSpecsFilter final
    : public StaticHostFilter<AggregateInstanceExtraSpecsFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] bool run_filter_once_per_request() const override { return true; }
  bool applies(const RequestContext& ctx);
  bool host_passes(const RequestContext& ctx, HostId host);

 private:
  std::vector<std::pair<std::string, ExtraSpecMatcher>> checks_;  // metadata key, spec
  std::vector<std::int8_t> by_set_;
};

}  // namespace stacksim::scheduler
