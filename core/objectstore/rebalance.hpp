#pragma once
// One run of RingBuilder::rebalance (Swift's builder.rebalance and its helpers): age the parts,
// build the replica plan and parts wanted, gather replicas from resized rows, removed devices,
// under-dispersed and overweight placements, and hand them new homes (part_placement.cpp), in
// up to three rounds, drawing from CPython's random in Swift's order.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/objectstore/part_replica_queue.hpp"
#include "core/objectstore/part_table.hpp"
#include "core/objectstore/py_random.hpp"
#include "core/objectstore/replica_plan.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "core/objectstore/tier_tree.hpp"

namespace stacksim::objectstore {

class Rebalancer {
 public:
  Rebalancer(RingBuilderState& state, PyRandom& random, std::int64_t now);
  /// Runs the rebalance; the caller fills in the balance.
  RebalanceResult run();

 private:
  [[nodiscard]] bool has_part_moved(std::uint32_t part) const {
    return (moved_[part >> 3] & (0x80U >> (part & 7))) != 0;
  }
  [[nodiscard]] bool can_part_move(std::uint32_t part) const {
    return s_.last_part_moves[part] >= s_.min_part_hours && !has_part_moved(part);
  }
  void set_part_moved(std::uint32_t part) {
    s_.last_part_moves[part] = 0;
    moved_[part >> 3] |= static_cast<std::uint8_t>(0x80U >> (part & 7));
  }
  Device& device(std::uint16_t id) { return *s_.devs[id]; }
  // Takes replica `replica` of `part` off its device and queues it.
  void gather(std::uint32_t part, int replica, Device& dev);

  void update_last_part_moves();
  void set_parts_wanted();
  void adjust_replica2part2dev_size();
  int gather_parts_from_failed_devices();
  void gather_parts_for_dispersion();
  void gather_parts_for_balance(bool disperse_first);
  void gather_parts_for_balance_can_disperse(std::int64_t start);
  void gather_parts_for_balance_forced(std::int64_t start);
  void reassign_parts();  // part_placement.cpp

  RingBuilderState& s_;
  PyRandom& random_;
  std::int64_t now_;
  TierTree tree_;
  std::vector<TierPlan> plan_;
  std::vector<std::uint8_t> moved_;  // Swift's _part_moved_bitmap
  PartReplicaQueue queue_;
  std::optional<PartTable> table_;     // the assignment while gathering and placing
  std::vector<int> replicas_at_tier_;  // scratch, all zero between parts
};

}  // namespace stacksim::objectstore
