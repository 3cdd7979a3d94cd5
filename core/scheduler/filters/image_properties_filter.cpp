#include "core/scheduler/filters/image_properties_filter.hpp"

#include <algorithm>

namespace stacksim::scheduler {

std::string_view ImagePropertiesFilter::name() const {
  return "ImagePropertiesFilter";
}

bool ImagePropertiesFilter::applies(const RequestContext& ctx) {
  const auto& props = ctx.prepared.image_hv_props;
  if (std::none_of(props.begin(), props.end(), [](const auto& p) { return p.has_value(); })) {
    return false;
  }
  by_spec_list_.assign(ctx.hosts.hv_spec_lists.size(), -1);
  return true;
}

bool ImagePropertiesFilter::host_passes(const RequestContext& ctx, HostId host) {
  std::int8_t& memo = by_spec_list_[ctx.hosts.supported_instances[host]];
  if (memo < 0) {
    const auto& props = ctx.prepared.image_hv_props;
    const auto& specs = ctx.hosts.hv_spec_lists[ctx.hosts.supported_instances[host]];
    const bool any = std::any_of(specs.begin(), specs.end(), [&](const HvSpec& spec) {
      return std::all_of(props.begin(), props.end(), [&](const std::optional<std::string>& p) {
        return !p || *p == spec.architecture || *p == spec.hv_type || *p == spec.vm_mode;
      });
    });
    memo = any ? 1 : 0;
  }
  if (memo == 0) return false;
  const auto& requirement = ctx.prepared.hv_version_requirement;
  const auto& version = ctx.hosts.hypervisor_version[host];
  if (!requirement || !version || *version == 0) return true;
  return requirement->satisfied_by(*version);
}

}  // namespace stacksim::scheduler
