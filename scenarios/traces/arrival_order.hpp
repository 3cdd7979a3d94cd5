#pragma once
// Puts a nearly sorted trace into time order with a bounded look-ahead window: up to `window`
// items wait in a heap and the earliest leaves first. An item earlier than one already released
// means the file is not sorted within the window: that is an error naming the row, never a silent
// reordering of the past.

#include <cstdint>
#include <queue>
#include <vector>

#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class ArrivalOrder {
 public:
  ArrivalOrder(TraceReader& reader, std::size_t window);

  bool next(TraceItem& item);

 private:
  struct Pending {
    double time;
    std::uint64_t seq;
    TraceItem item;
  };
  struct Later {
    bool operator()(const Pending& a, const Pending& b) const {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };
  bool fill_one();

  TraceReader& reader_;
  std::size_t window_;
  std::priority_queue<Pending, std::vector<Pending>, Later> heap_;
  std::uint64_t seq_ = 0;
  double released_ = 0;  // time of the last item handed out
  bool exhausted_ = false;
};

}  // namespace stacksim::scenarios
