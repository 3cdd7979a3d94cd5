#include "core/objectstore/rebalance.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/objectstore/dispersion.hpp"
#include "core/objectstore/python_json.hpp"
#include "core/objectstore/ring_errors.hpp"

namespace stacksim::objectstore {

namespace {

std::size_t u(std::int64_t i) {
  return static_cast<std::size_t>(i);
}

int replica_rows(double replicas) {
  return static_cast<int>(std::ceil(replicas));
}

// Swift sorts (dev, replica) pairs by parts_wanted with Python's stable sort.
struct HeldReplica {
  Device* dev;
  int replica;
};
void sort_by_parts_wanted(std::vector<HeldReplica>& held) {
  std::stable_sort(held.begin(), held.end(), [](const HeldReplica& a, const HeldReplica& b) {
    return a.dev->parts_wanted < b.dev->parts_wanted;
  });
}

}  // namespace

Rebalancer::Rebalancer(RingBuilderState& state, PyRandom& random, std::int64_t now)
    : s_(state),
      random_(random),
      now_(now),
      tree_(TierTree::build(state.devs)),
      moved_(u(std::max<std::int64_t>(state.parts / 8, 1)), 0),
      queue_(state.parts, std::max(replica_rows(state.replicas),
                                   static_cast<int>(state.replica2part2dev.size()))),
      replicas_at_tier_(u(tree_.size()), 0) {
}

RebalanceResult Rebalancer::run() {
  int weighted = 0;
  for (const auto& d : s_.devs) {
    if (d && d->weight > 0) ++weighted;
  }
  if (weighted < s_.replicas) {
    throw RingValidationError("Replica count of " + python_float_repr(s_.replicas) +
                              " requires more than " + std::to_string(weighted) + " devices");
  }
  const std::vector<std::vector<std::uint16_t>> old_rows = s_.replica2part2dev;
  update_last_part_moves();
  plan_ = build_replica_plan(RingLayout{s_.devs, tree_, s_.replicas, s_.parts, s_.overload});
  set_parts_wanted();

  RebalanceResult result;
  adjust_replica2part2dev_size();
  table_.emplace(s_.replica2part2dev, s_.parts);
  result.removed_devices = gather_parts_from_failed_devices();
  gather_parts_for_dispersion();
  for (int round = 0; round < RingBuilder::kMaxBalanceGatherCount; ++round) {
    result.rounds = round + 1;
    gather_parts_for_balance(round == 0);
    if (queue_.empty()) break;  // most likely min_part_hours
    queue_.shuffle(random_);
    reassign_parts();
    queue_.clear();
    const bool overweight = std::any_of(s_.devs.begin(), s_.devs.end(),
                                        [](const auto& d) { return d && d->parts_wanted < 0; });
    if (!overweight) {
      result.finished = true;
      break;
    }
  }
  table_->store(s_.replica2part2dev);
  table_.reset();
  s_.devs_changed = false;
  const DispersionGraph graph = build_dispersion_graph(s_, &old_rows);
  s_.dispersion = graph.dispersion;
  ++s_.version;
  result.parts_moved = graph.changed_parts;
  return result;
}

void Rebalancer::gather(std::uint32_t part, int replica, Device& dev) {
  dev.parts_wanted += 1;
  dev.parts -= 1;
  queue_.add(part, replica);
  table_->part(part)[u(replica)] = kNoneDev;
  set_part_moved(part);
}

void Rebalancer::update_last_part_moves() {
  const std::int64_t elapsed_hours = (now_ - s_.last_part_moves_epoch) / 3600;
  if (elapsed_hours <= 0) return;
  for (std::uint8_t& hours : s_.last_part_moves) {
    hours = static_cast<std::uint8_t>(std::min<std::int64_t>(hours + elapsed_hours, 0xff));
  }
  s_.last_part_moves_epoch = now_;
}

void Rebalancer::set_parts_wanted() {
  const std::vector<std::int64_t> wanted =
      parts_by_tier(RingLayout{s_.devs, tree_, s_.replicas, s_.parts, s_.overload}, plan_);
  for (auto& d : s_.devs) {
    if (!d) continue;
    if (d->weight == 0) {
      // A drained device wants to give up everything: -parts * replicas (a float in Swift).
      d->parts_wanted = -static_cast<double>(s_.parts) * s_.replicas;
    } else {
      const int dev_tier = tree_.tiers_of(d->id)[kTierDepth - 1];
      d->parts_wanted = static_cast<double>(wanted[u(dev_tier)] - d->parts);
    }
  }
}

void Rebalancer::adjust_replica2part2dev_size() {
  double whole = 0;
  const double fraction = std::modf(s_.replicas, &whole);
  std::vector<std::int64_t> desired(u(static_cast<std::int64_t>(whole)), s_.parts);
  if (fraction != 0)
    desired.push_back(static_cast<std::int64_t>(static_cast<double>(s_.parts) * fraction));
  auto& rows = s_.replica2part2dev;
  // Rows beyond the new count (crossing an integer threshold) give their parts back.
  for (std::size_t r = desired.size(); r < rows.size(); ++r) {
    for (std::uint16_t id : rows[r])
      device(id).parts -= 1;
  }
  if (rows.size() > desired.size()) rows.resize(desired.size());
  for (std::size_t r = 0; r < desired.size(); ++r) {
    const auto want = u(desired[r]);
    if (r < rows.size()) {
      auto& row = rows[r];
      if (row.size() < want) {
        for (std::size_t part = row.size(); part < want; ++part) {
          queue_.add(static_cast<std::uint32_t>(part), static_cast<int>(r));
        }
        row.resize(want, kNoneDev);
      } else if (row.size() > want) {
        for (std::size_t part = want; part < row.size(); ++part)
          device(row[part]).parts -= 1;
        row.resize(want);
      }
    } else {
      for (std::size_t part = 0; part < want; ++part) {
        queue_.add(static_cast<std::uint32_t>(part), static_cast<int>(r));
      }
      rows.emplace_back(want, kNoneDev);
    }
  }
}

int Rebalancer::gather_parts_from_failed_devices() {
  std::vector<char> removed(s_.devs.size(), 0);
  bool any = false;
  for (int id : s_.remove_devs) {
    if (s_.devs[u(id)]->parts != 0) {
      removed[u(id)] = 1;
      any = true;
    }
  }
  if (any) {
    // Every replica on a removed device moves, whatever its age.
    for (std::size_t r = 0; r < table_->rows(); ++r) {
      for (std::uint32_t part = 0; part < table_->row_length(r); ++part) {
        std::uint16_t& id = table_->part(part)[r];
        if (id != kNoneDev && removed[id] != 0) {
          id = kNoneDev;
          set_part_moved(part);
          queue_.add(part, static_cast<int>(r));
        }
      }
    }
  }
  const int count = static_cast<int>(s_.remove_devs.size());
  for (int id : s_.remove_devs)
    s_.devs[u(id)].reset();
  s_.remove_devs.clear();
  return count;
}

void Rebalancer::gather_parts_for_dispersion() {
  std::vector<HeldReplica> undispersed;
  const auto count = [&](std::span<const std::uint16_t> ids, bool reset) {
    for (std::uint16_t id : ids) {
      if (id == kNoneDev) continue;
      for (int t : tree_.tiers_of(id))
        replicas_at_tier_[u(t)] = reset ? 0 : replicas_at_tier_[u(t)] + 1;
    }
  };
  for (std::uint32_t part = 0; part < static_cast<std::uint32_t>(s_.parts); ++part) {
    if (!can_part_move(part)) continue;
    const std::span<std::uint16_t> ids = table_->part(part);
    count(ids, false);
    undispersed.clear();
    for (std::size_t r = 0; r < ids.size(); ++r) {
      if (ids[r] == kNoneDev) continue;
      Device& dev = device(ids[r]);
      const auto& tiers = tree_.tiers_of(dev.id);
      const bool dispersed = std::all_of(tiers.begin(), tiers.end(), [&](int t) {
        return replicas_at_tier_[u(t)] <= plan_[u(t)].max;
      });
      if (!dispersed) undispersed.push_back({&dev, static_cast<int>(r)});
    }
    if (!undispersed.empty()) {
      const std::vector<std::uint16_t> before(ids.begin(), ids.end());
      sort_by_parts_wanted(undispersed);
      for (const HeldReplica& h : undispersed) {
        const auto& tiers = tree_.tiers_of(h.dev->id);
        // Once a replica moved, others move only off a device that holds two copies.
        if (!can_part_move(part) && !(replicas_at_tier_[u(tiers[kTierDepth - 1])] > 1)) continue;
        gather(part, h.replica, *h.dev);
        for (int t : tiers)
          --replicas_at_tier_[u(t)];
      }
      count(before, true);
    } else {
      count(ids, true);
    }
  }
}

void Rebalancer::gather_parts_for_balance(bool disperse_first) {
  // A random start on the other side of the ring from the last one.
  const std::int64_t quarter_turn = s_.parts / 4;
  const std::int64_t random_half = random_.randint(0, s_.parts / 2);
  const std::int64_t start = (s_.last_part_gather_start + quarter_turn + random_half) % s_.parts;
  s_.last_part_gather_start = start;
  if (disperse_first) gather_parts_for_balance_can_disperse(start);
  gather_parts_for_balance_forced(start);
}

void Rebalancer::gather_parts_for_balance_can_disperse(std::int64_t start) {
  std::vector<std::int64_t> wanted_in_tier(u(tree_.size()), 0);
  for (const auto& d : s_.devs) {
    if (!d) continue;
    const auto wanted = static_cast<std::int64_t>(std::max(d->parts_wanted, 0.0));
    for (int t : tree_.tiers_of(d->id))
      wanted_in_tier[u(t)] += wanted;
  }
  std::vector<HeldReplica> overweight;
  std::vector<std::uint16_t> before;
  for (std::int64_t offset = 0; offset < s_.parts; ++offset) {
    const auto part = static_cast<std::uint32_t>((start + offset) % s_.parts);
    if (!can_part_move(part)) continue;
    const std::span<std::uint16_t> ids = table_->part(part);
    overweight.clear();
    for (std::size_t r = 0; r < ids.size(); ++r) {
      if (ids[r] == kNoneDev) continue;
      Device& dev = device(ids[r]);
      if (dev.parts_wanted < 0) overweight.push_back({&dev, static_cast<int>(r)});
    }
    if (overweight.empty()) continue;
    before.assign(ids.begin(), ids.end());
    for (std::uint16_t id : before) {
      if (id == kNoneDev) continue;
      for (int t : tree_.tiers_of(id))
        ++replicas_at_tier_[u(t)];
    }
    sort_by_parts_wanted(overweight);
    for (const HeldReplica& h : overweight) {
      const auto& tiers = tree_.tiers_of(h.dev->id);
      const bool stuck_by_plan = std::any_of(tiers.begin(), tiers.end(), [&](int t) {
        const int n = replicas_at_tier_[u(t)];
        return plan_[u(t)].min <= n && n < plan_[u(t)].max;
      });
      if (stuck_by_plan) continue;
      // The highest tier that would drop below its minimum bounds where the replica may go.
      int stuck_at = tiers[0];
      for (int i = kTierDepth - 1; i >= 0; --i) {
        stuck_at = tiers[u(i)];
        if (replicas_at_tier_[u(stuck_at)] - 1 < plan_[u(stuck_at)].min) break;
      }
      std::int64_t siblings_wanted = 0;
      for (int c : tree_.children(stuck_at)) {
        if (std::find(tiers.begin(), tiers.end(), c) == tiers.end())
          siblings_wanted += wanted_in_tier[u(c)];
      }
      if (siblings_wanted <= 0) continue;  // stuck by weight
      gather(part, h.replica, *h.dev);
      for (int t : tiers) {
        --replicas_at_tier_[u(t)];
        --wanted_in_tier[u(t)];
      }
      break;
    }
    for (std::uint16_t id : before) {
      if (id == kNoneDev) continue;
      for (int t : tree_.tiers_of(id))
        replicas_at_tier_[u(t)] = 0;
    }
  }
}

void Rebalancer::gather_parts_for_balance_forced(std::int64_t start) {
  for (std::int64_t offset = 0; offset < s_.parts; ++offset) {
    const auto part = static_cast<std::uint32_t>((start + offset) % s_.parts);
    if (!can_part_move(part)) continue;
    // The most overweight device holding a replica (first in replica order on ties).
    Device* worst = nullptr;
    int worst_replica = -1;
    const std::span<std::uint16_t> ids = table_->part(part);
    for (std::size_t r = 0; r < ids.size(); ++r) {
      if (ids[r] == kNoneDev) continue;
      Device& dev = device(ids[r]);
      if (dev.parts_wanted < 0 && (worst == nullptr || dev.parts_wanted < worst->parts_wanted)) {
        worst = &dev;
        worst_replica = static_cast<int>(r);
      }
    }
    if (worst != nullptr) gather(part, worst_replica, *worst);
  }
}

}  // namespace stacksim::objectstore
