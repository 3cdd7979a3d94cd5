#include "core/objectstore/part_replica_queue.hpp"

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

std::size_t PartReplicaQueue::part_replica_count() const {
  std::size_t n = 0;
  for (const Entry& e : entries_)
    n += e.count;
  return n;
}

void PartReplicaQueue::clear() {
  for (const Entry& e : entries_)
    slot_of_part_[e.part] = -1;
  entries_.clear();
}

}  // namespace stacksim::objectstore
