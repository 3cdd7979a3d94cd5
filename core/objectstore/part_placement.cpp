// Rebalancer::reassign_parts: Swift's _reassign_parts. Each gathered replica walks down the
// weighted tier tree; at each level it takes, among the children still below their plan maximum
// for this partition, the one with the most partitions still wanted (first in sort-key order on
// ties). Devices are ordered once per round by (parts_wanted, randint(0, 0xFFFF), id).

#include <algorithm>
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

}  // namespace

void Rebalancer::reassign_parts() {
  const std::size_t n_tiers = u(tree_.size());
  std::vector<SortKey> key_of_dev(s_.devs.size());
  std::vector<std::int64_t> available(n_tiers, 0);
  for (auto& d : s_.devs) {
    if (!d) continue;
    key_of_dev[u(d->id)] = {d->parts_wanted, random_.randint(0, 0xFFFF), d->id};
    // Parts a tier may still take; it ignores what the tier wants to shed, or a zone with a
    // draining device would stop accepting parts.
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
  // Children lists of the weighted tree (Swift's tier2children over the available devices),
  // flattened: children of tier t are child_list[child_begin[t] .. child_begin[t + 1]).
  std::vector<std::size_t> child_begin(n_tiers + 1, 0);
  std::vector<int> child_list;
  for (std::size_t t = 0; t < n_tiers; ++t) {
    const std::size_t first = child_list.size();
    for (int c : tree_.children(static_cast<int>(t))) {
      if (has_key[u(c)]) child_list.push_back(c);
    }
    std::sort(child_list.begin() + static_cast<std::ptrdiff_t>(first), child_list.end(),
              [&](int a, int b) { return tier_key[u(a)] < tier_key[u(b)]; });
    child_begin[t + 1] = child_list.size();
  }
  std::vector<int> plan_max(n_tiers);
  for (std::size_t t = 0; t < n_tiers; ++t)
    plan_max[t] = plan_[t].max;

  auto& rows = s_.replica2part2dev;
  std::vector<int>& at_tier = replicas_at_tier_;
  std::vector<int> touched;
  for (const PartReplicaQueue::Entry& entry : queue_.entries()) {
    const std::uint32_t part = entry.part;
    s_.last_part_moves[part] = 0;
    touched.clear();
    for (const auto& row : rows) {
      if (part < row.size() && row[part] != kNoneDev) {
        for (int t : tree_.tiers_of(row[part])) {
          if (at_tier[u(t)]++ == 0) touched.push_back(t);
        }
      }
    }
    for (std::uint8_t replica : queue_.replicas(entry)) {
      int tier = 0;
      for (int depth = 1; depth <= kTierDepth; ++depth) {
        int best = -1;
        for (std::size_t i = child_begin[u(tier)]; i < child_begin[u(tier) + 1]; ++i) {
          const int c = child_list[i];
          if (at_tier[u(c)] < plan_max[u(c)] &&
              (best < 0 || available[u(c)] > available[u(best)])) {
            best = c;
          }
        }
        if (best < 0) {
          for (int t : touched)
            at_tier[u(t)] = 0;
          throw RingValidationError("no home for " + std::to_string(part) + "/" +
                                    std::to_string(replica) + " below tier " +
                                    tree_.name(tier, s_.devs));
        }
        tier = best;
      }
      Device& dev = device(static_cast<std::uint16_t>(tree_.tier(tier).device_id));
      dev.parts_wanted -= 1;
      dev.parts += 1;
      for (int t : tree_.tiers_of(dev.id)) {
        --available[u(t)];
        if (at_tier[u(t)]++ == 0) touched.push_back(t);
      }
      rows[replica][part] = static_cast<std::uint16_t>(dev.id);
    }
    for (int t : touched)
      at_tier[u(t)] = 0;
  }
}

}  // namespace stacksim::objectstore
