#include "core/objectstore/part_replica_queue.hpp"

#include <algorithm>
#include <stdexcept>

namespace stacksim::objectstore {

PartReplicaQueue::PartReplicaQueue(std::int64_t parts, int max_replicas)
    : stride_(static_cast<std::size_t>(max_replicas)),
      slot_of_part_(static_cast<std::size_t>(parts), -1),
      replicas_(static_cast<std::size_t>(parts) * static_cast<std::size_t>(max_replicas)) {
  if (max_replicas > 256) throw std::invalid_argument("at most 256 replica rows are supported");
}

void PartReplicaQueue::add(std::uint32_t part, int replica) {
  std::int32_t& slot = slot_of_part_[part];
  if (slot < 0) {
    slot = static_cast<std::int32_t>(entries_.size());
    entries_.push_back({part, 0});
  }
  Entry& e = entries_[static_cast<std::size_t>(slot)];
  if (e.count >= stride_) throw std::logic_error("partition queued for more replicas than rows");
  replicas_[static_cast<std::size_t>(part) * stride_ + e.count++] =
      static_cast<std::uint8_t>(replica);
}

void PartReplicaQueue::shuffle(PyRandom& random) {
  // PyRandom::shuffle's draws in the same order, drawn a little ahead so the random entry each
  // step swaps with can be prefetched (the queue is far larger than the caches).
  constexpr std::size_t kAhead = 32;
  const std::size_t n = entries_.size();
  if (n < 2) return;
  std::size_t ahead[kAhead];
  std::size_t next_draw = n - 1;  // the i whose j is drawn next
  const auto draw = [&] {
    const std::size_t j = static_cast<std::size_t>(random.randbelow(next_draw + 1));
    __builtin_prefetch(entries_.data() + j, 1);
    ahead[next_draw % kAhead] = j;
    --next_draw;
  };
  for (std::size_t k = 0; k < kAhead && next_draw >= 1; ++k)
    draw();
  for (std::size_t i = n - 1; i >= 1; --i) {
    std::swap(entries_[i], entries_[ahead[i % kAhead]]);
    if (next_draw >= 1) draw();
  }
}

std::size_t PartReplicaQueue::part_replica_count() const {
  std::size_t n = 0;
  for (const Entry& e : entries_)
    n += e.count;
  return n;
}

void PartReplicaQueue::clear() {
  // Shuffled entries make per-entry resets random writes; past a point one sweep is cheaper.
  if (entries_.size() > slot_of_part_.size() / 8) {
    std::fill(slot_of_part_.begin(), slot_of_part_.end(), -1);
  } else {
    for (const Entry& e : entries_)
      slot_of_part_[e.part] = -1;
  }
  entries_.clear();
}

}  // namespace stacksim::objectstore
