#include "core/objectstore/tier_tree.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {

// A tier's value at one position of Swift's tuple; positions hold ints except the ip.
int compare_at(const Tier& a, const Tier& b, int depth) {
  switch (depth) {
    case 1:
      return a.region < b.region ? -1 : (a.region > b.region ? 1 : 0);
    case 2:
      return a.zone < b.zone ? -1 : (a.zone > b.zone ? 1 : 0);
    case 3:
      return a.ip.compare(b.ip) < 0 ? -1 : (a.ip.compare(b.ip) > 0 ? 1 : 0);
    default:
      return a.device_id < b.device_id ? -1 : (a.device_id > b.device_id ? 1 : 0);
  }
}

using TierKey = std::tuple<int, int, int, std::string, int>;

TierKey key_of(const Tier& t) {
  return {t.depth, t.region, t.zone, t.ip, t.device_id};
}

}  // namespace

bool tier_less(const Tier& a, const Tier& b) {
  const int common = std::min(a.depth, b.depth);
  for (int d = 1; d <= common; ++d) {
    const int c = compare_at(a, b, d);
    if (c != 0) return c < 0;
  }
  return a.depth < b.depth;
}

TierTree TierTree::build(std::span<const std::optional<Device>> devs) {
  TierTree tree;
  tree.tiers_.push_back(Tier{});
  tree.dev_tiers_.assign(devs.size(), {-1, -1, -1, -1});
  std::map<TierKey, int> index;
  for (const auto& slot : devs) {
    if (!slot) continue;
    const Device& d = *slot;
    int parent = 0;
    std::array<int, kTierDepth>& mine = tree.dev_tiers_[static_cast<std::size_t>(d.id)];
    for (int depth = 1; depth <= kTierDepth; ++depth) {
      Tier t;
      t.depth = depth;
      t.region = d.region;
      if (depth >= 2) t.zone = d.zone;
      if (depth >= 3) t.ip = d.ip;
      if (depth >= 4) t.device_id = d.id;
      t.parent = parent;
      auto [it, inserted] = index.try_emplace(key_of(t), static_cast<int>(tree.tiers_.size()));
      if (inserted) tree.tiers_.push_back(std::move(t));
      mine[static_cast<std::size_t>(depth - 1)] = it->second;
      parent = it->second;
    }
  }
  const std::size_t n = tree.tiers_.size();
  tree.weighted_.assign(n, 0);
  tree.weighted_devices_.assign(n, 0);
  for (const auto& slot : devs) {
    if (!slot || slot->weight == 0) continue;
    tree.weighted_[0] = 1;
    ++tree.weighted_devices_[0];
    for (int t : tree.dev_tiers_[static_cast<std::size_t>(slot->id)]) {
      tree.weighted_[static_cast<std::size_t>(t)] = 1;
      ++tree.weighted_devices_[static_cast<std::size_t>(t)];
    }
  }
  std::vector<std::vector<int>> kids(n);
  for (std::size_t t = 1; t < n; ++t) {
    if (tree.weighted_[t])
      kids[static_cast<std::size_t>(tree.tiers_[t].parent)].push_back(static_cast<int>(t));
  }
  tree.child_begin_.assign(n + 1, 0);
  for (std::size_t t = 0; t < n; ++t) {
    std::sort(kids[t].begin(), kids[t].end(), [&](int a, int b) {
      return tier_less(tree.tiers_[static_cast<std::size_t>(a)],
                       tree.tiers_[static_cast<std::size_t>(b)]);
    });
    tree.child_begin_[t + 1] = tree.child_begin_[t] + kids[t].size();
    tree.children_.insert(tree.children_.end(), kids[t].begin(), kids[t].end());
  }
  return tree;
}

std::string TierTree::name(int t, std::span<const std::optional<Device>> devs) const {
  const Tier& tier = this->tier(t);
  if (tier.depth == 0) return "cluster";
  std::string s = cat('r', tier.region);
  if (tier.depth >= 2) s += cat('z', tier.zone);
  if (tier.depth >= 3) s += cat('-', tier.ip);
  if (tier.depth >= 4) {
    const auto u = static_cast<std::size_t>(tier.device_id);
    s += '/';
    s += u < devs.size() && devs[u] ? devs[u]->device : cat("IDd", tier.device_id);
  }
  return s;
}

}  // namespace stacksim::objectstore
