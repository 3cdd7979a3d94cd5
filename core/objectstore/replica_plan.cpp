#include "core/objectstore/replica_plan.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/objectstore/ring_errors.hpp"

namespace stacksim::objectstore {

namespace {

constexpr double kEpsilon = 1e-10;

std::size_t u(int i) {
  return static_cast<std::size_t>(i);
}

// The root plus a device's four tiers: Swift adds a device's replicanths to each prefix of its
// (region, zone, ip, id) tuple.
void add_to_device_tiers(std::vector<double>& by_tier, const TierTree& tree, int dev_id,
                         double value) {
  by_tier[0] += value;
  for (int t : tree.tiers_of(dev_id))
    by_tier[u(t)] += value;
}

// Swift's validate_replicas_by_tier: at every depth the replicanths add up to the replica count.
void validate_replicas_by_tier(const RingLayout& layout, std::span<const double> by_tier) {
  static const char* const names[] = {"cluster", "regions", "zones", "servers", "devices"};
  for (int depth = 0; depth <= kTierDepth; ++depth) {
    double sum = 0;
    for (int t = 0; t < layout.tree.size(); ++t) {
      if (layout.tree.tier(t).depth == depth && layout.tree.weighted(t)) sum += by_tier[u(t)];
    }
    if (std::abs(layout.replicas - sum) > kEpsilon) {
      std::ostringstream msg;
      msg.precision(17);
      msg << sum << " != " << layout.replicas << " at tier " << names[depth];
      throw RingValidationError(msg.str());
    }
  }
}

}  // namespace

double weight_of_one_part(std::span<const std::optional<Device>> devs, std::int64_t parts,
                          double replicas) {
  double total = 0;
  for (const auto& d : devs) {
    if (d) total += d->weight;
  }
  if (total == 0) {
    throw EmptyRingError("There are no devices in this ring, or all devices have been deleted");
  }
  return static_cast<double>(parts) * replicas / total;
}

std::vector<double> max_replicas_by_tier(const RingLayout& layout, bool round_up) {
  const TierTree& tree = layout.tree;
  std::vector<double> max(u(tree.size()), 0.0);
  if (!tree.weighted(0)) {
    max[0] = layout.replicas;
    return max;
  }
  // Walk the tree top-down; a tier's value is set before its children's.
  std::vector<int> stack{0};
  max[0] = layout.replicas;
  while (!stack.empty()) {
    const int t = stack.back();
    stack.pop_back();
    const auto kids = tree.children(t);
    for (int c : kids) {
      double sub = max[u(t)] / static_cast<double>(kids.size());
      if (round_up) sub = std::ceil(sub);
      if (tree.tier(c).depth == kTierDepth) sub = std::min(1.0, sub);
      max[u(c)] = sub;
      stack.push_back(c);
    }
  }
  return max;
}

std::vector<double> weighted_replicas_by_tier(const RingLayout& layout) {
  const double wop = weight_of_one_part(layout.devs, layout.parts, layout.replicas);
  const double parts = static_cast<double>(layout.parts);
  // Per weighted device in id order: its replicanths, capped at 1, then the excess spread again.
  std::vector<int> ids;
  std::vector<double> share;
  std::vector<std::size_t> with_room;
  for (const auto& d : layout.devs) {
    if (!d || d->weight == 0) continue;
    double w = d->weight * wop / parts;
    if (w < 1) {
      with_room.push_back(ids.size());
    } else {
      w = 1;
    }
    ids.push_back(d->id);
    share.push_back(w);
  }
  for (;;) {
    double assigned = 0;
    for (double s : share)
      assigned += s;
    const double remaining = layout.replicas - assigned;
    if (remaining < kEpsilon) break;
    std::erase_if(with_room, [&](std::size_t i) { return share[i] >= 1; });
    double room = 0;
    for (std::size_t i : with_room)
      room += share[i];
    if (with_room.empty() || room == 0) {
      throw RingValidationError("not enough weighted devices to hold every replica");
    }
    const double rel_weight = remaining / room;
    for (std::size_t i : with_room)
      share[i] = std::min(1.0, share[i] * (rel_weight + 1));
  }
  std::vector<double> by_tier(u(layout.tree.size()), 0.0);
  for (std::size_t i = 0; i < ids.size(); ++i)
    add_to_device_tiers(by_tier, layout.tree, ids[i], share[i]);
  validate_replicas_by_tier(layout, by_tier);
  return by_tier;
}

std::vector<double> wanted_replicas_by_tier(const RingLayout& layout,
                                            std::span<const double> weighted) {
  const TierTree& tree = layout.tree;
  const std::vector<double> even = max_replicas_by_tier(layout, false);
  std::vector<double> wanted(u(tree.size()), 0.0);
  std::vector<double> to_place(u(tree.size()), 0.0);
  std::vector<std::pair<int, double>> pending{{0, layout.replicas}};
  while (!pending.empty()) {
    const auto [tier, replicanths] = pending.back();
    pending.pop_back();
    const double devices = tree.weighted_devices(tier);
    if (replicanths > devices) {
      std::ostringstream msg;
      msg << "More replicanths (" << replicanths << ") than devices ("
          << tree.weighted_devices(tier) << ") in tier (" << tree.name(tier, layout.devs) << ")";
      throw RingValidationError(msg.str());
    }
    wanted[u(tier)] = replicanths;
    const auto kids = tree.children(tier);
    if (kids.empty()) continue;
    auto floor_of = [&](int t) { return std::floor(even[u(t)]); };
    auto ceil_of = [&](int t) { return std::ceil(even[u(t)]); };
    auto devices_of = [&](int t) { return static_cast<double>(tree.weighted_devices(t)); };
    for (int t : kids)
      to_place[u(t)] = 0;
    std::vector<int> spread(kids.begin(), kids.end());
    double remaining = replicanths;
    bool device_limited = false;
    for (int round = 0;; ++round) {
      if (round > 100000) {
        throw RingValidationError("replicanths of tier " + tree.name(tier, layout.devs) +
                                  " do not converge");
      }
      double spread_weight = 0;
      for (int t : spread)
        spread_weight += weighted[u(t)];
      if (spread_weight == 0) {
        throw RingValidationError("no weight left to spread replicanths of tier " +
                                  tree.name(tier, layout.devs));
      }
      const double rel_weight = remaining / spread_weight;
      for (int t : spread) {
        double r = to_place[u(t)] + weighted[u(t)] * rel_weight;
        if (r < floor_of(t)) {
          r = floor_of(t);
        } else if (r > ceil_of(t) && !device_limited) {
          r = ceil_of(t);
        }
        if (r > devices_of(t)) r = devices_of(t);
        to_place[u(t)] = r;
      }
      double placed = 0;
      for (int t : kids)
        placed += to_place[u(t)];
      remaining = replicanths - placed;
      spread.clear();
      if (remaining < -kEpsilon) {
        for (int t : kids) {
          if (to_place[u(t)] > floor_of(t)) spread.push_back(t);
        }
      } else if (remaining > kEpsilon) {
        for (int t : kids) {
          if (devices_of(t) > to_place[u(t)] && to_place[u(t)] < ceil_of(t)) spread.push_back(t);
        }
        if (spread.empty()) {
          device_limited = true;
          for (int t : kids) {
            if (to_place[u(t)] < devices_of(t)) spread.push_back(t);
          }
        }
      } else {
        break;
      }
    }
    // Swift recurses into the children in sorted order; the stack pops them in that order.
    for (auto it = kids.rbegin(); it != kids.rend(); ++it)
      pending.emplace_back(*it, to_place[u(*it)]);
  }
  validate_replicas_by_tier(layout, wanted);
  return wanted;
}

double required_overload(const RingLayout& layout, std::span<const double> weighted,
                         std::span<const double> wanted) {
  double max_overload = 0.0;
  for (const auto& d : layout.devs) {
    if (!d) continue;
    const auto t = u(layout.tree.tiers_of(d->id)[kTierDepth - 1]);
    if (d->weight == 0) {
      if (wanted[t] == 0) continue;
      throw RingValidationError("Device " + pretty_device(*d) +
                                " has zero weight and should not want any replicas");
    }
    const double required = (wanted[t] - weighted[t]) / weighted[t];
    if (required > max_overload) max_overload = required;
  }
  return max_overload;
}

double required_overload(const RingLayout& layout) {
  const std::vector<double> weighted = weighted_replicas_by_tier(layout);
  const std::vector<double> wanted = wanted_replicas_by_tier(layout, weighted);
  return required_overload(layout, weighted, wanted);
}

std::vector<double> target_replicas_by_tier(const RingLayout& layout) {
  const std::vector<double> weighted = weighted_replicas_by_tier(layout);
  std::vector<double> wanted = wanted_replicas_by_tier(layout, weighted);
  const double max_overload = required_overload(layout, weighted, wanted);
  if (max_overload <= 0.0) return wanted;
  const double overload = std::min(layout.overload, max_overload);
  std::vector<double> target(weighted.size(), 0.0);
  for (int t = 0; t < layout.tree.size(); ++t) {
    if (!layout.tree.weighted(t)) continue;
    const double m = (wanted[u(t)] - weighted[u(t)]) / max_overload;
    target[u(t)] = m * overload + weighted[u(t)];
  }
  validate_replicas_by_tier(layout, target);
  return target;
}

std::vector<TierPlan> build_replica_plan(const RingLayout& layout) {
  const std::vector<double> target = target_replicas_by_tier(layout);
  std::vector<TierPlan> plan(target.size());
  for (int t = 0; t < layout.tree.size(); ++t) {
    if (!layout.tree.weighted(t)) continue;
    const double r = target[u(t)];
    plan[u(t)] = {static_cast<int>(std::floor(r + kEpsilon)), r,
                  static_cast<int>(std::ceil(r - kEpsilon))};
  }
  return plan;
}

std::vector<std::int64_t> parts_by_tier(const RingLayout& layout, std::span<const TierPlan> plan) {
  const TierTree& tree = layout.tree;
  std::vector<std::int64_t> by_tier(u(tree.size()), 0);
  const auto total = static_cast<std::int64_t>(layout.replicas * static_cast<double>(layout.parts));
  std::vector<std::pair<int, std::int64_t>> pending{{0, total}};
  while (!pending.empty()) {
    auto [tier, parts] = pending.back();
    pending.pop_back();
    by_tier[u(tier)] = parts;
    const auto kids = tree.children(tier);
    if (kids.empty()) continue;
    std::vector<std::int64_t> to_place(kids.size());
    for (std::size_t i = 0; i < kids.size(); ++i) {
      const auto want = static_cast<std::int64_t>(
          std::floor(plan[u(kids[i])].target * static_cast<double>(layout.parts)));
      to_place[i] = std::min(parts, want);
      parts -= to_place[i];
    }
    // Leftovers go one at a time, cycling over the children by ascending target (stable).
    std::vector<std::size_t> by_target(kids.size());
    for (std::size_t i = 0; i < kids.size(); ++i)
      by_target[i] = i;
    std::stable_sort(by_target.begin(), by_target.end(), [&](std::size_t a, std::size_t b) {
      return plan[u(kids[a])].target < plan[u(kids[b])].target;
    });
    for (std::size_t k = 0; parts > 0; k = (k + 1) % by_target.size(), --parts) {
      ++to_place[by_target[k]];
    }
    for (std::size_t i = 0; i < kids.size(); ++i)
      pending.emplace_back(kids[i], to_place[i]);
  }
  for (int depth = 0; depth <= kTierDepth; ++depth) {
    std::int64_t sum = 0;
    for (int t = 0; t < tree.size(); ++t) {
      if (tree.tier(t).depth == depth && tree.weighted(t)) sum += by_tier[u(t)];
    }
    if (tree.weighted(0) && sum != total) {
      throw RingValidationError(std::to_string(sum) + " != " + std::to_string(total) +
                                " at tier depth " + std::to_string(depth));
    }
  }
  return by_tier;
}

}  // namespace stacksim::objectstore
