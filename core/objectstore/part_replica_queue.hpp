#pragma once
// The partition-replicas gathered for reassignment during one rebalance round: Swift's
// `assign_parts` defaultdict(list), whose key order (first insertion) and per-part replica order
// decide, after the shuffle, the order in which replicas find new homes.

#include <cstdint>
#include <span>
#include <vector>

#include "core/objectstore/py_random.hpp"

namespace stacksim::objectstore {

class PartReplicaQueue {
 public:
  struct Entry {
    std::uint32_t part = 0;
    std::uint32_t count = 0;
  };

  PartReplicaQueue(std::int64_t parts, int max_replicas);

  void add(std::uint32_t part, int replica);
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] std::size_t part_replica_count() const;
  /// random.shuffle over the (part, replicas) items, as Swift shuffles list(assign_parts.items()).
  void shuffle(PyRandom& random);
  [[nodiscard]] const std::vector<Entry>& entries() const { return entries_; }
  [[nodiscard]] std::span<const std::uint8_t> replicas(const Entry& e) const {
    return {replicas_.data() + static_cast<std::size_t>(e.part) * stride_, e.count};
  }
  void clear();

 private:
  std::size_t stride_;
  std::vector<std::int32_t> slot_of_part_;  // index into entries_, -1 when absent
  std::vector<Entry> entries_;
  std::vector<std::uint8_t> replicas_;  // stride_ slots per partition
};

}  // namespace stacksim::objectstore
