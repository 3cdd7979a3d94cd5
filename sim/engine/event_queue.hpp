#pragma once
// The pending-event set of the simulator: a radix heap over the key (time, insertion sequence).
// Simulated time never goes backwards and sequences only grow, so keys are monotone and a radix
// heap applies: push is O(1), pop is amortised O(key bits) with sequential memory access, which is
// what keeps millions of pending timers fast. Events live in a slot pool; a TimerId names a slot and
// the sequence that owns it, so cancellation is O(1) and stale heap entries are skipped on pop.

#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/runtime/action.hpp"
#include "core/runtime/executor.hpp"

namespace stacksim::sim {

class EventQueue {
 public:
  using Ticks = std::int64_t;  // nanoseconds

  /// Schedules `action` at `time`; `time` must not be earlier than the last popped event.
  runtime::TimerId push(Ticks time, runtime::Action action) {
    if (time < last_time_) [[unlikely]] {
      throw std::logic_error("EventQueue::push: time earlier than the current time");
    }
    std::uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    const std::uint64_t seq = next_seq_++;
    slots_[slot].seq = seq;
    slots_[slot].action = std::move(action);
    insert(Entry{time, seq, slot});
    ++live_;
    return runtime::TimerId{seq, slot};
  }

  bool cancel(runtime::TimerId id) noexcept {
    if (id.sequence == 0 || id.slot >= slots_.size() || slots_[id.slot].seq != id.sequence) {
      return false;
    }
    release(id.slot);
    --live_;
    return true;
  }

  [[nodiscard]] bool empty() const noexcept { return live_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return live_; }

  /// Time of the earliest live event. Precondition: !empty().
  Ticks top_time() {
    settle();
    return buckets_[0].back().time;
  }

  /// Removes the earliest live event and returns its action; `time` receives its time.
  /// Precondition: !empty().
  runtime::Action pop(Ticks& time) {
    settle();
    const Entry e = buckets_[0].back();
    buckets_[0].pop_back();
    if (buckets_[0].empty()) mask_[0] &= ~std::uint64_t{1};
    time = e.time;
    runtime::Action action = std::move(slots_[e.slot].action);
    release(e.slot);
    --live_;
    return action;
  }

  /// Drops every pending event without running it.
  void clear() noexcept {
    for (auto& b : buckets_) b.clear();
    mask_ = {};
    slots_.clear();
    free_slots_.clear();
    live_ = 0;
  }

 private:
  static constexpr int kBuckets = 129;  // 0: equal to last; 1..64: seq differs; 65..128: time

  struct Entry {
    Ticks time;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  struct Slot {
    std::uint64_t seq = 0;  // 0: free
    runtime::Action action;
  };

  [[nodiscard]] int bucket_of(const Entry& e) const noexcept {
    if (e.time != last_time_) {
      return 64 + std::bit_width(static_cast<std::uint64_t>(e.time ^ last_time_));
    }
    return std::bit_width(e.seq ^ last_seq_);
  }

  void insert(const Entry& e) {
    const int b = bucket_of(e);
    buckets_[b].push_back(e);
    mask_[b >> 6] |= std::uint64_t{1} << (b & 63);
  }

  void release(std::uint32_t slot) noexcept {
    slots_[slot].seq = 0;
    slots_[slot].action.reset();
    free_slots_.push_back(slot);
  }

  [[nodiscard]] bool is_live(const Entry& e) const noexcept { return slots_[e.slot].seq == e.seq; }

  // Makes bucket 0 hold exactly the earliest live entry.
  void settle() {
    for (;;) {
      if (!buckets_[0].empty()) {
        if (is_live(buckets_[0].back())) return;
        buckets_[0].pop_back();  // a cancelled event
        if (buckets_[0].empty()) mask_[0] &= ~std::uint64_t{1};
        continue;
      }
      int b = first_nonempty_bucket();
      std::vector<Entry>& from = buckets_[b];
      const Entry* min = &from[0];
      for (const Entry& e : from) {
        if (e.time < min->time || (e.time == min->time && e.seq < min->seq)) min = &e;
      }
      last_time_ = min->time;
      last_seq_ = min->seq;
      mask_[b >> 6] &= ~(std::uint64_t{1} << (b & 63));
      scratch_.swap(from);
      for (const Entry& e : scratch_) {
        if (is_live(e)) insert(e);
      }
      scratch_.clear();
    }
  }

  [[nodiscard]] int first_nonempty_bucket() const {
    for (int w = 0; w < 3; ++w) {
      if (mask_[w] != 0) return w * 64 + std::countr_zero(mask_[w]);
    }
    throw std::logic_error("EventQueue: pop from an empty queue");
  }

  std::array<std::vector<Entry>, kBuckets> buckets_;
  std::array<std::uint64_t, 3> mask_{};
  std::vector<Entry> scratch_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  Ticks last_time_ = 0;
  std::uint64_t last_seq_ = 0;
  std::uint64_t next_seq_ = 1;
  std::size_t live_ = 0;
};

}  // namespace stacksim::sim
