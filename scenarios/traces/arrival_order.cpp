#include "scenarios/traces/arrival_order.hpp"

#include <cstdio>

namespace stacksim::scenarios {

ArrivalOrder::ArrivalOrder(TraceReader& reader, std::size_t window)
    : reader_(reader), window_(std::max<std::size_t>(window, 1)) {
}

bool ArrivalOrder::fill_one() {
  TraceItem item;
  if (exhausted_ || !reader_.next(item)) {
    exhausted_ = true;
    return false;
  }
  const double t = item_time(item);
  if (t < released_) {
    char message[256];
    std::snprintf(message, sizeof message,
                  "at t=%.6g s, before t=%.6g s already replayed: the trace is not sorted by time "
                  "within reorder_window=%zu rows; sort it (docs/traces.md) or raise "
                  "reorder_window",
                  t, released_, window_);
    throw TraceRowError(reader_.location(), message);
  }
  heap_.push({t, seq_++, std::move(item)});
  return true;
}

bool ArrivalOrder::next(TraceItem& item) {
  while (heap_.size() < window_ && fill_one()) {
  }
  if (heap_.empty()) return false;
  // priority_queue::top is const; the element is popped right after, so moving from it is safe.
  Pending& top = const_cast<Pending&>(heap_.top());
  released_ = top.time;
  item = std::move(top.item);
  heap_.pop();
  return true;
}

}  // namespace stacksim::scenarios
