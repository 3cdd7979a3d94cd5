#pragma once
// cinder.scheduler.filters.availability_zone_filter.AvailabilityZoneFilter: with a requested zone,
// only pools of that zone (their backend's storage_availability_zone) pass.

#include "core/volume/backend_filter.hpp"

namespace stacksim::volume {

class AvailabilityZoneFilter final : public BackendFilter {
 public:
  [[nodiscard]] std::string_view name() const noexcept override { return "AvailabilityZoneFilter"; }
  [[nodiscard]] bool backend_passes(const PoolState& pool,
                                    const RequestSpec& request) const override {
    return request.availability_zone.empty() || request.availability_zone == pool.availability_zone;
  }
};

}  // namespace stacksim::volume
