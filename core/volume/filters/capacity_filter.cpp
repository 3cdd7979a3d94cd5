#include "core/volume/filters/capacity_filter.hpp"

#include "core/volume/capacity_factors.hpp"

namespace stacksim::volume {

bool CapacityFilter::backend_passes(const PoolState& pool, const RequestSpec& request) const {
  const double requested =
      static_cast<double>(request.new_size ? *request.new_size - request.size : request.size);
  if (requested == 0) return true;  // a manage request
  if (pool.total_capacity_gb <= 0) return false;
  const bool thin = request.thin();
  const double ratio = pool.thin_provisioning_support ? pool.max_over_subscription_ratio : 1;
  const CapacityFactors factors = calculate_capacity_factors(
      pool.total_capacity_gb, pool.free_capacity_gb, pool.provisioned_capacity_gb,
      pool.thin_provisioning_support, ratio, pool.reserved_percentage, thin);
  if (thin && pool.thin_provisioning_support) {
    if (pool.max_over_subscription_ratio < 1) return false;
    const double provisioned_ratio =
        (pool.provisioned_capacity_gb + requested) / factors.total_available_capacity;
    if (provisioned_ratio > pool.max_over_subscription_ratio) return false;
  }
  return factors.virtual_free_capacity >= requested;
}

}  // namespace stacksim::volume
