#include "core/volume/volume_scheduler.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/volume/filters/availability_zone_filter.hpp"
#include "core/volume/filters/capabilities_filter.hpp"
#include "core/volume/filters/capacity_filter.hpp"
#include "core/volume/weighers/allocated_capacity_weigher.hpp"
#include "core/volume/weighers/capacity_weigher.hpp"

namespace stacksim::volume {

VolumeScheduler::VolumeScheduler(const VolumeSchedulerConfig& config) {
  for (const std::string& name : config.default_filters) {
    if (name == "AvailabilityZoneFilter") {
      filters_.push_back(std::make_unique<AvailabilityZoneFilter>());
    } else if (name == "CapacityFilter") {
      filters_.push_back(std::make_unique<CapacityFilter>());
    } else if (name == "CapabilitiesFilter") {
      filters_.push_back(std::make_unique<CapabilitiesFilter>());
    } else {
      throw std::invalid_argument("scheduler_default_filters: unknown filter '" + name + "'");
    }
  }
  for (const std::string& name : config.default_weighers) {
    if (name == "CapacityWeigher") {
      weighers_.push_back(std::make_unique<CapacityWeigher>(config.capacity_weight_multiplier));
    } else if (name == "AllocatedCapacityWeigher") {
      weighers_.push_back(
          std::make_unique<AllocatedCapacityWeigher>(config.allocated_capacity_weight_multiplier));
    } else {
      throw std::invalid_argument("scheduler_default_weighers: unknown weigher '" + name + "'");
    }
  }
}

std::vector<const PoolState*> VolumeScheduler::filter(const std::vector<PoolState>& pools,
                                                      const RequestSpec& request) const {
  std::vector<const PoolState*> passed;
  for (const PoolState& pool : pools) {
    const bool passes = std::all_of(filters_.begin(), filters_.end(), [&](const auto& f) {
      return f->backend_passes(pool, request);
    });
    if (passes) passed.push_back(&pool);
  }
  return passed;
}

std::vector<WeighedPool> VolumeScheduler::weigh(const std::vector<const PoolState*>& pools,
                                                const RequestSpec& request) const {
  std::vector<WeighedPool> weighed;
  for (const PoolState* pool : pools)
    weighed.push_back({pool, 0.0});
  if (weighed.empty()) return weighed;
  std::vector<double> raw(weighed.size());
  for (const auto& weigher : weighers_) {
    for (std::size_t i = 0; i < weighed.size(); ++i)
      raw[i] = weigher->weigh(*weighed[i].pool, request);
    const auto [lo, hi] = std::minmax_element(raw.begin(), raw.end());
    const double minval = *lo;
    const double range = *hi - minval;
    for (std::size_t i = 0; i < weighed.size(); ++i) {
      const double normalised = range == 0 ? 0.0 : (raw[i] - minval) / range;
      weighed[i].weight += weigher->multiplier() * normalised;
    }
  }
  std::stable_sort(weighed.begin(), weighed.end(),
                   [](const WeighedPool& a, const WeighedPool& b) { return a.weight > b.weight; });
  return weighed;
}

std::optional<WeighedPool> VolumeScheduler::select(const std::vector<PoolState>& pools,
                                                   const RequestSpec& request) const {
  std::vector<WeighedPool> weighed = weigh(filter(pools, request), request);
  if (weighed.empty()) return std::nullopt;
  return weighed.front();
}

}  // namespace stacksim::volume
