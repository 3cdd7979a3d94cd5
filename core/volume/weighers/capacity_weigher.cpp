#include "core/volume/weighers/capacity_weigher.hpp"

#include "core/volume/capacity_factors.hpp"

namespace stacksim::volume {

double CapacityWeigher::weigh(const PoolState& pool, const RequestSpec& request) const {
  return capacity_factors(pool, request.thin()).virtual_free_capacity;
}

}  // namespace stacksim::volume
