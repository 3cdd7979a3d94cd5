#pragma once
// cinder.scheduler.filters.capacity_filter.CapacityFilter. Requested size: the volume's size, or
// new_size - size for an extend. A pool with total capacity <= 0 fails. With thin provisioning
// (the pool supports it, the type does not ask for thick) the pool fails if
// (provisioned + requested) / total_available_capacity > max_over_subscription_ratio, or a ratio
// below 1; otherwise it passes if the virtual free capacity (see capacity_factors.hpp) covers the
// requested size.

#include "core/volume/backend_filter.hpp"

namespace stacksim::volume {

class CapacityFilter final : public BackendFilter {
 public:
  [[nodiscard]] std::string_view name() const noexcept override { return "CapacityFilter"; }
  [[nodiscard]] bool backend_passes(const PoolState& pool,
                                    const RequestSpec& request) const override;
};

}  // namespace stacksim::volume
