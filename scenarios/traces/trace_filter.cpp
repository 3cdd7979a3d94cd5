#include "scenarios/traces/trace_filter.hpp"

#include "core/runtime/random.hpp"

namespace stacksim::scenarios {

bool TraceFilterStage::sampled(const std::string& id) const {
  if (filter_.sample_fraction >= 1.0) return true;
  // A hash of (seed, id): the same request is kept in every run, and its end with it.
  std::uint64_t state = filter_.seed ^ runtime::fnv1a64(id);
  const double u = static_cast<double>(runtime::splitmix64(state) >> 11) * 0x1.0p-53;
  return u < filter_.sample_fraction;
}

TraceFilterStage::Verdict TraceFilterStage::apply(TraceItem& item) {
  const double t = item_time(item);
  if (filter_.end_s && t >= *filter_.end_s) return Verdict::stop;
  if (auto* end = std::get_if<TraceEnd>(&item)) {
    if (t < filter_.start_s || !sampled(end->id)) return Verdict::drop;
    end->time_s = (t - filter_.start_s) * filter_.time_scale;
    return Verdict::keep;
  }
  if (filter_.max_requests && stats_.kept >= *filter_.max_requests) return Verdict::stop;
  auto& r = std::get<TraceRequest>(item);
  const bool keep =
      t >= filter_.start_s && r.vcpus >= filter_.min_vcpus && r.vcpus <= filter_.max_vcpus &&
      r.memory_mb >= filter_.min_memory_mb && r.memory_mb <= filter_.max_memory_mb &&
      (filter_.tenants.empty() || filter_.tenants.contains(r.tenant)) &&
      (!filter_.min_priority || (r.priority && *r.priority >= *filter_.min_priority)) &&
      (!filter_.max_priority || (r.priority && *r.priority <= *filter_.max_priority)) &&
      sampled(r.id);
  if (!keep) {
    ++stats_.filtered;
    return Verdict::drop;
  }
  ++stats_.kept;
  r.arrival_s = (t - filter_.start_s) * filter_.time_scale;
  if (r.lifetime_s) *r.lifetime_s *= filter_.time_scale;
  for (auto& s : r.usage)
    s.offset_s *= filter_.time_scale;
  if (filter_.group_anti_affinity && !r.group.empty()) {
    r.constraints.push_back(PlacementConstraint::anti_affinity_in(r.group));
  }
  return Verdict::keep;
}

}  // namespace stacksim::scenarios
