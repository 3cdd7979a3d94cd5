#include "core/scheduler/filters/availability_zone_filter.hpp"

namespace stacksim::scheduler {

std::string_view AvailabilityZoneFilter::name() const {
  return "AvailabilityZoneFilter";
}

bool AvailabilityZoneFilter::applies(const RequestContext& ctx) {
  if (!ctx.spec.availability_zone || ctx.spec.availability_zone->empty()) return false;
  by_set_.assign(ctx.aggregates.set_count(), -1);
  return true;
}

bool AvailabilityZoneFilter::host_passes(const RequestContext& ctx, HostId host) {
  const AggregateSetId set = ctx.hosts.aggregate_set[host];
  std::int8_t& memo = by_set_[set];
  if (memo < 0) {
    const std::string& zone = *ctx.spec.availability_zone;
    const AggregateMetadataUnion& metadata = ctx.aggregates.metadata_union(set);
    const auto it = metadata.find("availability_zone");
    const bool passes = it != metadata.end() ? it->second.contains(zone)
                                             : zone == ctx.config.default_availability_zone;
    memo = passes ? 1 : 0;
  }
  return memo == 1;
}

}  // namespace stacksim::scheduler
