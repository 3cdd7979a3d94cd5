#include "core/volume/capacity_factors.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/volume/pool_state.hpp"

namespace stacksim::volume {
namespace {

/// Python's round(x, 2): the correctly rounded two-decimal value (ties to even on the exact binary
/// value), which printf's %.2f also computes.
double round2(double x) {
  if (!std::isfinite(x)) return x;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return std::strtod(buf, nullptr);
}

}  // namespace

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
  // Cinder limits the derived figures to two decimals (_limit).
  f.total_reserved_available_capacity = round2(f.total_reserved_available_capacity);
  f.total_available_capacity = round2(f.total_available_capacity);
  f.calculated_free_capacity = round2(f.calculated_free_capacity);
  f.virtual_free_capacity = round2(f.virtual_free_capacity);
  f.free_percent = round2(f.free_percent);
  f.provisioned_ratio = round2(f.provisioned_ratio);
  return f;
}

CapacityFactors capacity_factors(const PoolState& pool, bool thin) {
  return calculate_capacity_factors(pool.total_capacity_gb, pool.free_capacity_gb,
                                    pool.provisioned_capacity_gb, pool.thin_provisioning_support,
                                    pool.max_over_subscription_ratio, pool.reserved_percentage,
                                    thin);
}

}  // namespace stacksim::volume
