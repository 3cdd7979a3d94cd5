// Rebalancer::reassign_parts: Swift's _reassign_parts. Each gathered replica walks down the
// weighted tier tree; at each level it takes, among the children still below their plan maximum
// for this partition, the one with the most partitions still wanted (the first in sort-key order
// on ties). Devices are ordered once per round by (parts_wanted, randint(0, 0xFFFF), id).
//
// For speed the weighted tiers are laid out breadth-first in "slots", so the children of a tier
// are adjacent and the scan at each level reads one contiguous run of memory.

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <tuple>

#include "core/objectstore/rebalance.hpp"
#include "core/objectstore/ring_errors.hpp"

namespace stacksim::objectstore {

namespace {

std::size_t u(std::int64_t i) {
  return static_cast<std::size_t>(i);
}

struct SortKey {
  double parts_wanted = 0;
  std::int64_t random = 0;
  int id = 0;
  bool operator<(const SortKey& o) const {
    return std::tie(parts_wanted, random, id) < std::tie(o.parts_wanted, o.random, o.id);
  }
};

constexpr std::int64_t kNoRoom = std::numeric_limits<std::int64_t>::min();

// The first index in [begin, end) holding the largest value; kNoRoom values never win.
std::size_t first_max(const std::int64_t* value, std::size_t begin, std::size_t end) {
  std::int64_t best = kNoRoom;
  for (std::size_t i = begin; i < end; ++i)
    best = std::max(best, value[i]);
  if (best == kNoRoom) return end;
  std::size_t i = begin;
  while (value[i] != best)
    ++i;
  return i;
}

}  // namespace

void Rebalancer::reassign_parts() {
  const std::size_t n_tiers = u(tree_.size());
  std::vector<SortKey> key_of_dev(s_.devs.size());
  std::vector<std::int64_t> available(n_tiers, 0);
  for (auto& d : s_.devs) {
    if (!d) continue;
    key_of_dev[u(d->id)] = {d->parts_wanted, random_.randint(0, 0xFFFF), d->id};
    // What a tier may still take ignores what it wants to shed, or a zone with a draining
    // device would stop accepting parts.
    const auto wanted = static_cast<std::int64_t>(std::max(d->parts_wanted, 0.0));
    for (int t : tree_.tiers_of(d->id))
      available[u(t)] += wanted;
  }
  // A tier sorts by the largest key of its weighted devices; children are kept in that order.
  std::vector<SortKey> tier_key(n_tiers);
  std::vector<char> has_key(n_tiers, 0);
  for (const auto& d : s_.devs) {
    if (!d || d->weight == 0) continue;
    const SortKey& k = key_of_dev[u(d->id)];
    for (int t : tree_.tiers_of(d->id)) {
      if (!has_key[u(t)] || tier_key[u(t)] < k) tier_key[u(t)] = k;
      has_key[u(t)] = 1;
    }
  }
  // Breadth-first slots over the weighted tree of the available devices.
  std::vector<int> tier_of_slot{0};
  std::vector<std::int32_t> slot_of_tier(n_tiers, -1);
  std::vector<std::size_t> first_child{0};
  std::vector<std::size_t> end_child{0};
  slot_of_tier[0] = 0;
  for (std::size_t i = 0; i < tier_of_slot.size(); ++i) {
    const int tier = tier_of_slot[i];
    std::vector<int> kids;
    for (int c : tree_.children(tier)) {
      if (has_key[u(c)]) kids.push_back(c);
    }
    std::sort(kids.begin(), kids.end(),
              [&](int a, int b) { return tier_key[u(a)] < tier_key[u(b)]; });
    first_child[i] = tier_of_slot.size();
    for (int c : kids) {
      slot_of_tier[u(c)] = static_cast<std::int32_t>(tier_of_slot.size());
      tier_of_slot.push_back(c);
      first_child.push_back(0);
      end_child.push_back(0);
    }
    end_child[i] = tier_of_slot.size();
  }
  // Per slot: parts the tier may still take (Swift's parts_available_in_tier), replicas of the
  // current partition in it, its plan max, and `room`: available while the tier is below its
  // max for this partition, else kNoRoom, so choosing a child is a plain first-argmax.
  const std::size_t n_slots = tier_of_slot.size();
  std::vector<std::int64_t> avail(n_slots), room(n_slots);
  std::vector<std::int32_t> reps(n_slots, 0), max_reps(n_slots);
  for (std::size_t i = 0; i < n_slots; ++i) {
    avail[i] = available[u(tier_of_slot[i])];
    max_reps[i] = plan_[u(tier_of_slot[i])].max;
    room[i] = max_reps[i] > 0 ? avail[i] : kNoRoom;
  }
  std::vector<int> dev_of_slot(n_slots, -1);
  for (std::size_t i = 0; i < n_slots; ++i)
    dev_of_slot[i] = tree_.tier(tier_of_slot[i]).device_id;
  std::vector<std::array<std::int32_t, kTierDepth>> dev_slots(s_.devs.size(), {-1, -1, -1, -1});
  for (const auto& d : s_.devs) {
    if (!d) continue;
    const auto& tiers = tree_.tiers_of(d->id);
    for (std::size_t k = 0; k < kTierDepth; ++k)
      dev_slots[u(d->id)][k] = slot_of_tier[u(tiers[k])];
  }

  PartTable& table = *table_;
  const auto add_replica = [&](std::size_t slot) {
    if (++reps[slot] >= max_reps[slot]) room[slot] = kNoRoom;
  };
  const auto for_part_slots = [&](std::uint32_t part, const auto& fn) {
    for (std::uint16_t id : table.part(part)) {
      if (id == kNoneDev) continue;
      for (std::int32_t slot : dev_slots[id]) {
        if (slot >= 0) fn(u(slot));
      }
    }
  };
  const auto reset = [&](std::size_t slot) {
    reps[slot] = 0;
    room[slot] = max_reps[slot] > 0 ? avail[slot] : kNoRoom;
  };
  // Parts placed per device; applied to the devices at the end (parts_wanted only moves by
  // whole steps, so the result is the same as Swift's step-by-step updates).
  std::vector<std::int64_t> placed(s_.devs.size(), 0);
  const auto apply_placed = [&] {
    for (auto& d : s_.devs) {
      if (!d) continue;
      d->parts += placed[u(d->id)];
      d->parts_wanted -= static_cast<double>(placed[u(d->id)]);
    }
  };
  // Shuffled partitions mean random reads of the big tables: fetch a few entries ahead.
  constexpr std::size_t kPrefetchDistance = 16;
  const auto& entries = queue_.entries();
  for (std::size_t e = 0; e < entries.size(); ++e) {
    if (e + kPrefetchDistance < entries.size()) {
      const PartReplicaQueue::Entry& ahead = entries[e + kPrefetchDistance];
      __builtin_prefetch(table.address(ahead.part), 1);
      __builtin_prefetch(s_.last_part_moves.data() + ahead.part, 1);
      __builtin_prefetch(queue_.replicas(ahead).data());
    }
    const PartReplicaQueue::Entry& entry = entries[e];
    const std::uint32_t part = entry.part;
    s_.last_part_moves[part] = 0;
    for_part_slots(part, add_replica);
    for (std::uint8_t replica : queue_.replicas(entry)) {
      std::size_t slot = 0;
      for (int depth = 1; depth <= kTierDepth; ++depth) {
        const std::size_t best = first_max(room.data(), first_child[slot], end_child[slot]);
        if (best == end_child[slot]) {
          for_part_slots(part, reset);
          apply_placed();
          throw RingValidationError("no home for " + std::to_string(part) + "/" +
                                    std::to_string(replica) + " below tier " +
                                    tree_.name(tier_of_slot[slot], s_.devs));
        }
        slot = best;
      }
      const int dev_id = dev_of_slot[slot];
      ++placed[u(dev_id)];
      for (std::int32_t s : dev_slots[u(dev_id)]) {
        const auto k = u(s);
        avail[k] -= 1;
        if (room[k] != kNoRoom) room[k] = avail[k];
        add_replica(k);
      }
      table.part(part)[replica] = static_cast<std::uint16_t>(dev_id);
    }
    for_part_slots(part, reset);
  }
  apply_placed();
}

}  // namespace stacksim::objectstore
