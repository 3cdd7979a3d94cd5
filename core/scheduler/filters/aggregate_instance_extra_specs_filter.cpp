#include "core/scheduler/filters/aggregate_instance_extra_specs_filter.hpp"

#include <algorithm>

namespace stacksim::scheduler {

std::string_view AggregateInstanceExtraSpecsFilter::name() const {
  return "AggregateInstanceExtraSpecsFilter";
}

bool AggregateInstanceExtraSpecsFilter::applies(const RequestContext& ctx) {
  const auto& specs = ctx.spec.flavor.extra_specs;
  if (specs.empty()) return false;
  checks_.clear();
  for (const auto& [key, spec] : specs) {
    const std::size_t colon = key.find(':');
    if (colon == std::string::npos) {
      checks_.emplace_back(key, ExtraSpecMatcher(spec));  // unscoped keys need metadata too
    } else if (std::string_view(key).substr(0, colon) == "aggregate_instance_extra_specs") {
      checks_.emplace_back(key.substr(colon + 1), ExtraSpecMatcher(spec));
    }
  }
  by_set_.assign(ctx.aggregates.set_count(), -1);
  return !checks_.empty();
}

bool AggregateInstanceExtraSpecsFilter::host_passes(const RequestContext& ctx, HostId host) {
  const AggregateSetId set = ctx.hosts.aggregate_set[host];
  std::int8_t& memo = by_set_[set];
  if (memo < 0) {
    const AggregateMetadataUnion& metadata = ctx.aggregates.metadata_union(set);
    const bool passes = std::all_of(checks_.begin(), checks_.end(), [&](const auto& check) {
      const auto it = metadata.find(check.first);
      if (it == metadata.end()) return false;
      return std::any_of(it->second.begin(), it->second.end(),
                         [&](const std::string& value) { return check.second.matches(value); });
    });
    memo = passes ? 1 : 0;
  }
  return memo == 1;
}

}  // namespace stacksim::scheduler
