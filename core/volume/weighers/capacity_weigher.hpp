#pragma once
// cinder.scheduler.weights.capacity.CapacityWeigher: a pool weighs its virtual free capacity
// (capacity_factors.hpp: thin pools count (total - reserved) * ratio - provisioned, thick ones
// min(free, total - reserved - provisioned)). With the default multiplier 1.0 volumes spread; a
// negative capacity_weight_multiplier stacks them.

#include "core/volume/backend_weigher.hpp"

namespace stacksim::volume {

class CapacityWeigher final : public BackendWeigher {
 public:
  explicit CapacityWeigher(double multiplier) : multiplier_(multiplier) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "CapacityWeigher"; }
  [[nodiscard]] double multiplier() const noexcept override { return multiplier_; }
  [[nodiscard]] double weigh(const PoolState& pool, const RequestSpec& request) const override;

 private:
  double multiplier_;
};

}  // namespace stacksim::volume
