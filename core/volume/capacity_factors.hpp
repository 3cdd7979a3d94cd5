#pragma once
// cinder.utils.calculate_capacity_factors: what a pool can still give, used by CapacityFilter and
// CapacityWeigher alike. reserved = floor(total * reserved_percentage / 100); for a thin volume on
// a thin pool the total available is (total - reserved) * max_over_subscription_ratio and the
// virtual free capacity is that minus the provisioned capacity; otherwise the total available is
// total - reserved and the virtual free capacity is min(free, total available - provisioned).
// Like Cinder, the derived figures are rounded to two decimals (Python's round(x, 2)).

namespace stacksim::volume {

struct PoolState;

struct CapacityFactors {
  double total_capacity = 0;
  double free_capacity = 0;
  double reserved_capacity = 0;
  double total_reserved_available_capacity = 0;
  double total_available_capacity = 0;
  double provisioned_capacity = 0;
  double calculated_free_capacity = 0;
  double virtual_free_capacity = 0;
  double free_percent = 0;
  double provisioned_ratio = 0;
  bool thin = false;  // provisioned_type "thin"
};

CapacityFactors calculate_capacity_factors(double total_capacity, double free_capacity,
                                           double provisioned_capacity,
                                           bool thin_provisioning_support,
                                           double max_over_subscription_ratio,
                                           int reserved_percentage, bool thin);

/// The factors of a pool for a thin (or, with provisioning:type=thick, thick) volume.
CapacityFactors capacity_factors(const PoolState& pool, bool thin);

}  // namespace stacksim::volume
