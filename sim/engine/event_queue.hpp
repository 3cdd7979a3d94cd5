#pragma once
// The pending-event set of the simulator: a radix heap with 10-bit digits over event time.
//
// Simulated time never goes backwards, so keys are monotone and a radix heap applies. An event
// whose time differs from the last popped time first in digit p (counting from the low end), with
// value v there, waits in bucket (p, v); buckets in (p, v) order are in time order. Popping takes
// the first non-empty bucket and spreads it around its minimum into lower buckets, so an event
// moves at most once per digit of its distance into the future (twice for a millisecond
// ahead), always sequentially in memory. Events due at the current time wait in a FIFO, and equal
// times keep insertion order everywhere (moves are stable), which gives the (time, insertion
// sequence) order without storing the sequence in the key.
//
// Actions are stored inline in the queue entries (no slot pool, no pointer chase on pop).
// Cancellation records the sequence in a set consulted on pop only while it is non-empty, so a
// simulation that never cancels pays nothing for it.

#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "core/runtime/action.hpp"
#include "core/runtime/executor.hpp"

namespace stacksim::sim {

class EventQueue {
 public:
  using Ticks = std::int64_t;  // nanoseconds, >= 0

  /// Schedules `action` at `time`; `time` must not be earlier than the last popped event.
  runtime::TimerId push(Ticks time, runtime::Action action) {
    if (time < last_time_) [[unlikely]] {
      throw std::logic_error("EventQueue::push: time earlier than the current time");
    }
    const std::uint64_t seq = next_seq_++;
    insert(Entry{time, seq, std::move(action)});
    ++live_;
    return runtime::TimerId{seq, time};
  }

  /// Cancels a pending event. False if it already ran, was cancelled or never existed.
  bool cancel(runtime::TimerId id) {
    if (id.sequence == 0 || id.sequence >= next_seq_) return false;
    const bool already_popped =
        id.due < popped_time_ || (id.due == popped_time_ && id.sequence <= popped_seq_);
    if (already_popped || !cancelled_.insert(id.sequence).second) return false;
    --live_;
    return true;
  }

  [[nodiscard]] bool empty() const noexcept { return live_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return live_; }

  /// Time of the earliest live event. Precondition: !empty().
  Ticks top_time() {
    settle();
    return last_time_;
  }

  /// Removes the earliest live event and returns its action; `time` receives its time.
  /// Precondition: !empty().
  runtime::Action pop(Ticks& time) {
    settle();
    Entry& e = now_[now_head_++];
    time = popped_time_ = e.time;
    popped_seq_ = e.seq;
    --live_;
    return std::move(e.action);
  }

  /// Drops every pending event without running it.
  void clear() noexcept {
    for (auto& b : buckets_) b.clear();
    now_.clear();
    now_head_ = 0;
    words_ = {};
    summary_ = {};
    cancelled_.clear();
    live_ = 0;
  }

 private:
  // 10-bit digits: an event a millisecond ahead moves twice before it is due.
  static constexpr int kDigitBits = 10;
  static constexpr int kDigitValues = 1 << kDigitBits;
  static constexpr int kDigits = (64 + kDigitBits - 1) / kDigitBits;
  static constexpr int kBuckets = kDigits * kDigitValues;
  static constexpr int kWords = kBuckets / 64;
  static constexpr int kSummaryWords = (kWords + 63) / 64;

  struct Entry {
    Ticks time;
    std::uint64_t seq;
    runtime::Action action;
  };

  void insert(Entry&& e) {
    if (e.time == last_time_) {
      now_.push_back(std::move(e));
      return;
    }
    const auto t = static_cast<std::uint64_t>(e.time);
    const int digit =
        (std::bit_width(t ^ static_cast<std::uint64_t>(last_time_)) - 1) / kDigitBits;
    const int b = digit * kDigitValues +
                  static_cast<int>((t >> (digit * kDigitBits)) & (kDigitValues - 1));
    if (buckets_[static_cast<std::size_t>(b)].empty()) mark(b);
    buckets_[static_cast<std::size_t>(b)].push_back(std::move(e));
  }

  void mark(int b) noexcept {
    words_[static_cast<std::size_t>(b >> 6)] |= std::uint64_t{1} << (b & 63);
    summary_[static_cast<std::size_t>(b >> 12)] |= std::uint64_t{1} << ((b >> 6) & 63);
  }
  void unmark(int b) noexcept {
    auto& w = words_[static_cast<std::size_t>(b >> 6)];
    w &= ~(std::uint64_t{1} << (b & 63));
    if (w == 0) summary_[static_cast<std::size_t>(b >> 12)] &= ~(std::uint64_t{1} << ((b >> 6) & 63));
  }

  [[nodiscard]] int first_marked_word() const {
    for (int i = 0; i < kSummaryWords; ++i) {
      const std::uint64_t s = summary_[static_cast<std::size_t>(i)];
      if (s != 0) return (i << 6) | std::countr_zero(s);
    }
    throw std::logic_error("EventQueue: pop from an empty queue");
  }

  // Makes the FIFO of events due now start with the earliest live event.
  void settle() {
    for (;;) {
      while (now_head_ < now_.size()) {
        Entry& e = now_[now_head_];
        if (cancelled_.empty() || cancelled_.erase(e.seq) == 0) [[likely]] {
          return;
        }
        e.action.reset();
        ++now_head_;
      }
      now_.clear();
      now_head_ = 0;
      const int word = first_marked_word();
      const int b = (word << 6) | std::countr_zero(words_[static_cast<std::size_t>(word)]);
      unmark(b);
      std::vector<Entry>& from = buckets_[static_cast<std::size_t>(b)];
      if (b < kDigitValues) {
        // Lowest digit: every event here has the same time. Stable, so FIFO order is kept.
        last_time_ = from.front().time;
        now_.swap(from);
        continue;
      }
      Ticks min = from.front().time;
      for (const Entry& e : from) min = e.time < min ? e.time : min;
      last_time_ = min;
      scratch_.swap(from);
      for (Entry& e : scratch_) insert(std::move(e));
      scratch_.clear();
    }
  }

  std::array<std::vector<Entry>, kBuckets> buckets_;
  std::array<std::uint64_t, kWords> words_{};
  std::array<std::uint64_t, kSummaryWords> summary_{};
  std::vector<Entry> now_;  // events at last_time_, in insertion order, from now_head_
  std::size_t now_head_ = 0;
  std::vector<Entry> scratch_;
  std::unordered_set<std::uint64_t> cancelled_;
  Ticks last_time_ = 0;    // the radix base: time of the earliest pending bucket once settled
  Ticks popped_time_ = -1;  // key of the last popped event, to know what already ran
  std::uint64_t popped_seq_ = 0;
  std::uint64_t next_seq_ = 1;
  std::size_t live_ = 0;
};

}  // namespace stacksim::sim
