#pragma once
// How many replicas of each partition every tier should hold (Swift's "replicanths"): by weight,
// fully dispersed ("wanted"), the overload compromise between the two ("target"), and the
// per-tier {min, target, max} plan that gathering and placement obey. Sums run in the order
// CPython 3.11 sums them (plain left-to-right doubles) so a port reproduces Swift's floats.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/objectstore/device.hpp"
#include "core/objectstore/tier_tree.hpp"

namespace stacksim::objectstore {

struct TierPlan {
  int min = 0;  // floor(target + 1e-10)
  double target = 0;
  int max = 0;  // ceil(target - 1e-10)
};

/// The inputs every replicanth computation reads.
struct RingLayout {
  std::span<const std::optional<Device>> devs;
  const TierTree& tree;
  double replicas = 3;
  std::int64_t parts = 0;
  double overload = 0;
};

/// parts * replicas / total weight; throws EmptyRingError when no device has weight.
double weight_of_one_part(std::span<const std::optional<Device>> devs, std::int64_t parts,
                          double replicas);

/// Swift's _build_max_replicas_by_tier: the even split of replicas down the weighted tree, rounded
/// up (`round_up`) or left fractional; devices are capped at 1. Tiers outside the tree get 0.
std::vector<double> max_replicas_by_tier(const RingLayout& layout, bool round_up);

/// Replicanths by weight alone, each device capped at one replica.
std::vector<double> weighted_replicas_by_tier(const RingLayout& layout);

/// Replicanths for the most even dispersion the weights and device counts allow.
std::vector<double> wanted_replicas_by_tier(const RingLayout& layout,
                                            std::span<const double> weighted);

/// The largest (wanted - weighted) / weighted over devices: the overload full dispersion needs.
double required_overload(const RingLayout& layout, std::span<const double> weighted,
                         std::span<const double> wanted);
double required_overload(const RingLayout& layout);

/// Weighted replicanths moved toward wanted by min(overload, required) / required.
std::vector<double> target_replicas_by_tier(const RingLayout& layout);

/// The replica plan of every tier (index by tier; tiers outside the weighted tree plan 0).
std::vector<TierPlan> build_replica_plan(const RingLayout& layout);

/// Partition-replicas each tier should end up with (Swift's _set_parts_wanted before the
/// subtraction of what a device already holds). Uses no randomness.
std::vector<std::int64_t> parts_by_tier(const RingLayout& layout, std::span<const TierPlan> plan);

}  // namespace stacksim::objectstore
