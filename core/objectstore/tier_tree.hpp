#pragma once
// Swift's failure-domain tiers: () -> (region,) -> (region, zone) -> (region, zone, ip) ->
// (region, zone, ip, device id). Every tier gets a dense index (root 0, then in order of first
// appearance over devices by id) so the builder keeps per-tier numbers in flat arrays. The child
// lists form Swift's tier2children tree, which leaves out devices of zero weight; children are
// sorted like Swift sorts tier tuples.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/objectstore/device.hpp"

namespace stacksim::objectstore {

inline constexpr int kTierDepth = 4;  // region, zone, server, device

struct Tier {
  int depth = 0;  // 0 root, 1 region, 2 zone, 3 server (ip), 4 device
  int region = 0;
  int zone = 0;
  std::string ip;
  int device_id = -1;
  int parent = -1;
};

/// Swift's tuple order for tiers: element-wise, a prefix before its extensions.
bool tier_less(const Tier& a, const Tier& b);

class TierTree {
 public:
  /// Tiers of every present device; the child lists hold only tiers with a weighted device.
  static TierTree build(std::span<const std::optional<Device>> devs);

  [[nodiscard]] int size() const { return static_cast<int>(tiers_.size()); }
  [[nodiscard]] const Tier& tier(int t) const { return tiers_[static_cast<std::size_t>(t)]; }
  /// The region, zone, server and device tiers of a present device.
  [[nodiscard]] const std::array<int, kTierDepth>& tiers_of(int dev_id) const {
    return dev_tiers_[static_cast<std::size_t>(dev_id)];
  }
  /// Children in the weighted tree, in Swift's sorted tuple order.
  [[nodiscard]] std::span<const int> children(int t) const {
    const auto u = static_cast<std::size_t>(t);
    return {children_.data() + child_begin_[u], child_begin_[u + 1] - child_begin_[u]};
  }
  /// True if the tier holds at least one device with weight (it is in Swift's tier2children).
  [[nodiscard]] bool weighted(int t) const { return weighted_[static_cast<std::size_t>(t)] != 0; }
  /// Number of weighted devices under the tier.
  [[nodiscard]] int weighted_devices(int t) const {
    return weighted_devices_[static_cast<std::size_t>(t)];
  }
  /// Swift's get_tier_name: r1, r1z2, r1z2-10.0.0.1, r1z2-10.0.0.1/sdb1.
  [[nodiscard]] std::string name(int t, std::span<const std::optional<Device>> devs) const;

 private:
  std::vector<Tier> tiers_;
  std::vector<std::array<int, kTierDepth>> dev_tiers_;
  std::vector<char> weighted_;
  std::vector<int> weighted_devices_;
  std::vector<int> children_;
  std::vector<std::size_t> child_begin_;
};

}  // namespace stacksim::objectstore
