#include "scenarios/runner/fit_index.hpp"

#include <algorithm>
#include <stdexcept>

namespace stacksim::scenarios {
namespace {

constexpr int kIndexBits = 24;  // up to 16.7 M hosts
constexpr std::uint64_t kIndexMask = (std::uint64_t{1} << kIndexBits) - 1;
constexpr std::uint64_t kKeyLimit = (std::uint64_t{1} << (64 - kIndexBits)) - 2;

}  // namespace

FitIndex::FitIndex(const HostPool& hosts, FitRule rule, std::size_t max_shapes)
    : hosts_(hosts), rule_(rule), max_shapes_(max_shapes) {
  if (hosts.size() >= (1 << kIndexBits)) throw std::invalid_argument("too many hosts to index");
  while (leaf_base_ < static_cast<std::size_t>(std::max(hosts.size(), 1)))
    leaf_base_ *= 2;
}

std::uint64_t FitIndex::host_key(int h) const {
  std::uint64_t key = 0;
  const auto free_mb =
      static_cast<std::uint64_t>(std::max<std::int64_t>(hosts_.free_memory_mb(h), 0));
  switch (rule_) {
    case FitRule::best_fit:
      key = std::min(free_mb, kKeyLimit);
      break;
    case FitRule::worst_fit:
      key = kKeyLimit - std::min(free_mb, kKeyLimit);
      break;
    case FitRule::first_fit:
      key = 0;
      break;
  }
  return (key << kIndexBits) | static_cast<std::uint64_t>(h);
}

std::uint64_t FitIndex::leaf_value(int h, const Demand& shape) const {
  return hosts_.fits(h, shape) ? host_key(h) : kNone;
}

void FitIndex::rebuild(std::size_t stride) {
  stride_ = stride;
  nodes_.assign(2 * leaf_base_ * stride_, kNone);
  for (int h = 0; h < hosts_.size(); ++h) {
    std::uint64_t* leaf = node(leaf_base_ + static_cast<std::size_t>(h));
    for (std::size_t s = 0; s < shapes_.size(); ++s)
      leaf[s] = leaf_value(h, shapes_[s]);
  }
  for (std::size_t i = leaf_base_ - 1; i >= 1; --i) {
    std::uint64_t* n = node(i);
    const std::uint64_t* l = node(2 * i);
    const std::uint64_t* r = node(2 * i + 1);
    for (std::size_t s = 0; s < shapes_.size(); ++s)
      n[s] = std::min(l[s], r[s]);
  }
}

int FitIndex::shape_column(const Demand& d) {
  for (std::size_t s = 0; s < shapes_.size(); ++s) {
    if (shapes_[s] == d) return static_cast<int>(s);
  }
  if (shapes_.size() >= max_shapes_) return -1;
  shapes_.push_back(d);
  if (shapes_.size() > stride_) {
    // Grow the per-node capacity (4, 8, 16, ...): a rebuild, a few times per run at most.
    rebuild(std::min(max_shapes_, std::max<std::size_t>(4, stride_ * 2)));
    return static_cast<int>(shapes_.size() - 1);
  }
  const std::size_t s = shapes_.size() - 1;
  for (int h = 0; h < hosts_.size(); ++h) {
    node(leaf_base_ + static_cast<std::size_t>(h))[s] = leaf_value(h, d);
  }
  for (std::size_t i = leaf_base_ - 1; i >= 1; --i) {
    node(i)[s] = std::min(node(2 * i)[s], node(2 * i + 1)[s]);
  }
  return static_cast<int>(s);
}

void FitIndex::host_changed(int h) {
  const std::size_t n = shapes_.size();
  if (n == 0) return;
  std::size_t i = leaf_base_ + static_cast<std::size_t>(h);
  std::uint64_t* leaf = node(i);
  const std::uint64_t key = host_key(h);
  bool changed = false;
  for (std::size_t s = 0; s < n; ++s) {
    const std::uint64_t v = hosts_.fits(h, shapes_[s]) ? key : kNone;
    changed |= leaf[s] != v;
    leaf[s] = v;
  }
  for (i /= 2; changed && i >= 1; i /= 2) {
    std::uint64_t* parent = node(i);
    const std::uint64_t* l = node(2 * i);
    const std::uint64_t* r = node(2 * i + 1);
    changed = false;
    for (std::size_t s = 0; s < n; ++s) {
      const std::uint64_t m = std::min(l[s], r[s]);
      changed |= parent[s] != m;  // unchanged parents leave everything above as it was
      parent[s] = m;
    }
  }
}

int FitIndex::select(const Demand& d) {
  const int s = shape_column(d);
  if (s < 0) return select_if(d, nullptr);
  const std::uint64_t root = node(1)[s];
  return root == kNone ? -1 : static_cast<int>(root & kIndexMask);
}

int FitIndex::select_if(const Demand& d, const std::function<bool(int)>& allowed) const {
  std::uint64_t best = kNone;
  for (int h = 0; h < hosts_.size(); ++h) {
    const std::uint64_t v = leaf_value(h, d);
    if (v < best && (!allowed || allowed(h))) best = v;
  }
  return best == kNone ? -1 : static_cast<int>(best & kIndexMask);
}

}  // namespace stacksim::scenarios
