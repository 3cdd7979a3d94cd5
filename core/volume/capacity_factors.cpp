#include "core/volume/capacity_factors.hpp"

#include <cmath>

#include "core/volume/pool_state.hpp"

namespace stacksim::volume {

CapacityFactors calculate_capacity_factors(double total_capacity, double free_capacity,
                                           double provisioned_capacity,
                                           bool thin_provisioning_support,
                                           double max_over_subscription_ratio,
                                           int reserved_percentage, bool thin) {
  CapacityFactors f;
  f.total_capacity = total_capacity;
  f.free_capacity = free_capacity;
  f.provisioned_capacity = provisioned_capacity;
  const double reserved = static_cast<double>(reserved_percentage) / 100;
  f.reserved_capacity = std::floor(total_capacity * reserved);
  f.total_reserved_available_capacity = total_capacity - f.reserved_capacity;
  f.thin = thin && thin_provisioning_support;
  if (f.thin) {
    f.total_available_capacity = f.total_reserved_available_capacity * max_over_subscription_ratio;
    f.calculated_free_capacity = f.total_available_capacity - provisioned_capacity;
    f.virtual_free_capacity = f.calculated_free_capacity;
  } else {
    f.total_available_capacity = f.total_reserved_available_capacity;
    f.calculated_free_capacity = f.total_available_capacity - provisioned_capacity;
    f.virtual_free_capacity = std::min(free_capacity, f.calculated_free_capacity);
  }
  if (f.total_available_capacity != 0) {
    f.provisioned_ratio = provisioned_capacity / f.total_available_capacity;
    f.free_percent = f.virtual_free_capacity / f.total_available_capacity * 100;
  }
  return f;
}

CapacityFactors capacity_factors(const PoolState& pool, bool thin) {
  return calculate_capacity_factors(pool.total_capacity_gb, pool.free_capacity_gb,
                                    pool.provisioned_capacity_gb, pool.thin_provisioning_support,
                                    pool.max_over_subscription_ratio, pool.reserved_percentage,
                                    thin);
}

}  // namespace stacksim::volume
