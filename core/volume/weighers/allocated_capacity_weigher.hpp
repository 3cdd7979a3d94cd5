#pragma once
// cinder.scheduler.weights.capacity.AllocatedCapacityWeigher: a pool weighs the capacity already
// allocated to volumes; the default allocated_capacity_weight_multiplier -1.0 favours the pool
// with the least allocated (Cinder's old SimpleScheduler).

#include "core/volume/backend_weigher.hpp"

namespace stacksim::volume {

class AllocatedCapacityWeigher final : public BackendWeigher {
 public:
  explicit AllocatedCapacityWeigher(double multiplier) : multiplier_(multiplier) {}
  [[nodiscard]] std::string_view name() const noexcept override {
    return "AllocatedCapacityWeigher";
  }
  [[nodiscard]] double multiplier() const noexcept override { return multiplier_; }
  [[nodiscard]] double weigh(const PoolState& pool, const RequestSpec& request) const override {
    (void)request;
    return pool.allocated_capacity_gb;
  }

 private:
  double multiplier_;
};

}  // namespace stacksim::volume
