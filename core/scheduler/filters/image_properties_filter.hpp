#pragma once
// ImagePropertiesFilter: with any of hw_architecture (or the configured default), img_hv_type or
// hw_vm_mode set, a host passes when one of its supported_instances triples contains every given
// value (membership, not position) and its hypervisor_version satisfies
// img_hv_requested_version. Decided once per distinct supported_instances list.

#include <cstdint>
#include <vector>

#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class ImagePropertiesFilter final : public StaticHostFilter<ImagePropertiesFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] bool run_filter_once_per_request() const override { return true; }
  bool applies(const RequestContext& ctx);
  bool host_passes(const RequestContext& ctx, HostId host);

 private:
  std::vector<std::int8_t> by_spec_list_;  // -1 unknown, 0 fails, 1 passes
};

}  // namespace stacksim::scheduler
