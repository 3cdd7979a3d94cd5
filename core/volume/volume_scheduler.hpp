#pragma once
// Cinder's FilterScheduler over a list of pools: the configured filters in order, then the
// weighers - each weigher's raw weights normalised to [0, 1] between their minimum and maximum
// (all equal: 0) and added times its multiplier - and the pools sorted by weight, highest first,
// ties kept in the order given (Python's stable sort). The first is the choice.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/volume/backend_filter.hpp"
#include "core/volume/backend_weigher.hpp"

namespace stacksim::volume {

struct VolumeSchedulerConfig {
  /// [DEFAULT] scheduler_default_filters.
  std::vector<std::string> default_filters = {"AvailabilityZoneFilter", "CapacityFilter",
                                              "CapabilitiesFilter"};
  /// [DEFAULT] scheduler_default_weighers.
  std::vector<std::string> default_weighers = {"CapacityWeigher"};
  double capacity_weight_multiplier = 1.0;
  double allocated_capacity_weight_multiplier = -1.0;
};

struct WeighedPool {
  const PoolState* pool = nullptr;
  double weight = 0;
};

class VolumeScheduler {
 public:
  /// std::invalid_argument naming an unknown filter or weigher.
  explicit VolumeScheduler(const VolumeSchedulerConfig& config);

  /// The pools every filter passes, in the order given.
  [[nodiscard]] std::vector<const PoolState*> filter(const std::vector<PoolState>& pools,
                                                     const RequestSpec& request) const;
  /// Weighed and sorted, best first.
  [[nodiscard]] std::vector<WeighedPool> weigh(const std::vector<const PoolState*>& pools,
                                               const RequestSpec& request) const;
  /// The best pool, or nullopt when no pool passes (Cinder's NoValidBackend).
  [[nodiscard]] std::optional<WeighedPool> select(const std::vector<PoolState>& pools,
                                                  const RequestSpec& request) const;

 private:
  std::vector<std::unique_ptr<BackendFilter>> filters_;
  std::vector<std::unique_ptr<BackendWeigher>> weighers_;
};

}  // namespace stacksim::volume
