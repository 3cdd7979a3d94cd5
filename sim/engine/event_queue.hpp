#pragma once
// The pending-event set of the simulator: a radix heap with 10-bit digits over event time, whose
// lowest levels are drained as sorted runs.
//
// Simulated time never goes backwards, so keys are monotone and a radix heap applies. Relative to
// a base time (at most every pending time), an event whose time differs from the base first in
// digit p, with value v there, waits in bucket (p, v); buckets in (p, v) order are in time order.
// The first non-empty bucket holds the earliest events:
//   - at level 0 all its events share one time; at level 1 they differ only in the lowest digit,
//     so a counting sort turns the bucket into a sorted run (the "window") that is popped in order;
//   - at higher levels the bucket is spread around its minimum into lower buckets.
// An event therefore moves at most once per digit of its distance into the future (twice for a
// millisecond ahead), always sequentially in memory. Events pushed into the current window (for
// example at the current time) go to a small heap beside the run. Equal times keep insertion
// order everywhere: moves and the counting sort are stable, and the heap orders by (time, seq).
//
// Actions are stored inline in the entries (no slot pool, no pointer chase on pop). Cancellation
// records the sequence in a set consulted on pop only while it is non-empty, so a simulation that
// never cancels pays nothing for it.

#include <algorithm>
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
    if (time < popped_time_) [[unlikely]] {
      throw std::logic_error("EventQueue::push: time earlier than the current time");
    }
    const std::uint64_t seq = next_seq_++;
    if (time < window_end_) {
      late_.push_back(Entry{time, seq, std::move(action)});
      std::push_heap(late_.begin(), late_.end(), Later{});
    } else {
      insert(Entry{time, seq, std::move(action)});
    }
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
  Ticks top_time() { return settle().time; }

  /// Removes the earliest live event and returns its action; `time` receives its time.
  /// Precondition: !empty().
  runtime::Action pop(Ticks& time) {
    Entry& e = settle();
    time = popped_time_ = e.time;
    popped_seq_ = e.seq;
    --live_;
    runtime::Action action = std::move(e.action);
    take_front();
    return action;
  }

  /// Drops every pending event without running it.
  void clear() noexcept {
    for (auto& b : buckets_)
      b.clear();
    run_.clear();
    run_head_ = 0;
    late_.clear();
    words_ = {};
    summary_ = {};
    cancelled_.clear();
    live_ = 0;
  }

 private:
  static constexpr int kDigitBits = 10;
  static constexpr int kDigitValues = 1 << kDigitBits;
  static constexpr int kDigits = (64 + kDigitBits - 1) / kDigitBits;
  static constexpr int kBuckets = kDigits * kDigitValues;
  static constexpr int kWords = kBuckets / 64;
  static constexpr int kSummaryWords = (kWords + 63) / 64;
  static constexpr std::size_t kInsertionSortMax = 24;

  struct Entry {
    Ticks time;
    std::uint64_t seq;
    runtime::Action action;
  };
  struct Later {  // heap order: the earliest (time, seq) on top
    bool operator()(const Entry& a, const Entry& b) const noexcept {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };

  static int digit_of(std::uint64_t t, int level) noexcept {
    return static_cast<int>((t >> (level * kDigitBits)) & (kDigitValues - 1));
  }

  void insert(Entry&& e) {
    const auto t = static_cast<std::uint64_t>(e.time);
    const std::uint64_t diff = t ^ static_cast<std::uint64_t>(base_);
    const int level = diff == 0 ? 0 : (std::bit_width(diff) - 1) / kDigitBits;
    const int b = level * kDigitValues + digit_of(t, level);
    auto& bucket = buckets_[static_cast<std::size_t>(b)];
    if (bucket.empty()) mark(b);
    bucket.push_back(std::move(e));
  }

  void mark(int b) noexcept {
    words_[static_cast<std::size_t>(b >> 6)] |= std::uint64_t{1} << (b & 63);
    summary_[static_cast<std::size_t>(b >> 12)] |= std::uint64_t{1} << ((b >> 6) & 63);
  }
  void unmark(int b) noexcept {
    auto& w = words_[static_cast<std::size_t>(b >> 6)];
    w &= ~(std::uint64_t{1} << (b & 63));
    if (w == 0) {
      summary_[static_cast<std::size_t>(b >> 12)] &= ~(std::uint64_t{1} << ((b >> 6) & 63));
    }
  }

  [[nodiscard]] int first_bucket() const {
    for (int i = 0; i < kSummaryWords; ++i) {
      const std::uint64_t s = summary_[static_cast<std::size_t>(i)];
      if (s != 0) {
        const int word = (i << 6) | std::countr_zero(s);
        return (word << 6) | std::countr_zero(words_[static_cast<std::size_t>(word)]);
      }
    }
    throw std::logic_error("EventQueue: pop from an empty queue");
  }

  [[nodiscard]] bool run_first() const noexcept {
    if (run_head_ == run_.size()) return false;
    if (late_.empty()) return true;
    const Entry& r = run_[run_head_];
    const Entry& l = late_.front();
    return r.time != l.time ? r.time < l.time : r.seq < l.seq;
  }

  // The earliest pending entry (cancelled ones are dropped on the way).
  Entry& settle() {
    for (;;) {
      if (run_head_ < run_.size() || !late_.empty()) {
        Entry& e = run_first() ? run_[run_head_] : late_.front();
        if (cancelled_.empty() || cancelled_.erase(e.seq) == 0) [[likely]] {
          return e;
        }
        take_front();
        continue;
      }
      refill();
    }
  }

  void take_front() {
    if (run_first()) {
      run_[run_head_++].action.reset();
    } else {
      std::pop_heap(late_.begin(), late_.end(), Later{});
      late_.pop_back();
    }
  }

  // Moves the earliest bucket into the run, spreading higher-level buckets on the way.
  void refill() {
    run_.clear();
    run_head_ = 0;
    for (;;) {
      const int b = first_bucket();
      unmark(b);
      auto& from = buckets_[static_cast<std::size_t>(b)];
      const int level = b / kDigitValues;
      const auto value = static_cast<std::uint64_t>(b % kDigitValues);
      if (level <= 1) {
        // The window is the bucket's time range; everything else pending is at or after its end.
        const int shift = (level + 1) * kDigitBits;
        const auto prefix = (static_cast<std::uint64_t>(base_) >> shift) << shift;
        const std::uint64_t start = prefix | (value << (level * kDigitBits));
        window_end_ = static_cast<Ticks>(start + (std::uint64_t{1} << (level * kDigitBits)));
        if (level == 0) {
          run_.swap(from);  // one time only
        } else {
          sort_into_run(from);
        }
        base_ = run_.front().time;
        return;
      }
      Ticks min = from.front().time;
      for (const Entry& e : from)
        min = e.time < min ? e.time : min;
      base_ = min;
      scratch_.swap(from);
      for (Entry& e : scratch_)
        insert(std::move(e));
      scratch_.clear();
    }
  }

  // Stable sort of a level-1 bucket by its lowest digit (times differ only there).
  void sort_into_run(std::vector<Entry>& from) {
    const std::size_t n = from.size();
    if (n <= kInsertionSortMax) {
      run_.swap(from);
      for (std::size_t i = 1; i < n; ++i) {
        for (std::size_t j = i; j > 0 && run_[j].time < run_[j - 1].time; --j) {
          std::swap(run_[j], run_[j - 1]);
        }
      }
      return;
    }
    counts_.fill(0);
    for (const Entry& e : from)
      ++counts_[static_cast<std::size_t>(digit_of(e.time, 0))];
    std::uint32_t sum = 0;
    for (auto& c : counts_) {
      const std::uint32_t k = c;
      c = sum;
      sum += k;
    }
    run_.resize(n);
    for (Entry& e : from) {
      run_[counts_[static_cast<std::size_t>(digit_of(e.time, 0))]++] = std::move(e);
    }
    from.clear();
  }

  std::array<std::vector<Entry>, kBuckets> buckets_;
  std::array<std::uint64_t, kWords> words_{};
  std::array<std::uint64_t, kSummaryWords> summary_{};
  std::vector<Entry> run_;  // the current window in (time, seq) order, from run_head_
  std::size_t run_head_ = 0;
  std::vector<Entry> late_;  // pushed into the current window: a heap by (time, seq)
  std::vector<Entry> scratch_;
  std::array<std::uint32_t, kDigitValues> counts_{};
  std::unordered_set<std::uint64_t> cancelled_;
  Ticks base_ = 0;         // radix base: <= every bucketed time
  Ticks window_end_ = 0;   // run_ and late_ hold times < window_end_; buckets hold times >= it
  Ticks popped_time_ = 0;  // key of the last popped event, to know what already ran
  std::uint64_t popped_seq_ = 0;
  std::uint64_t next_seq_ = 1;
  std::size_t live_ = 0;
};

}  // namespace stacksim::sim
