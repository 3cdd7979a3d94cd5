#pragma once
// A trace as a scenario replays it: the format's reader, put in time order within a bounded
// window, then filtered and scaled. Memory stays bounded by the window and the open requests.

#include <memory>
#include <string>

#include "scenarios/traces/arrival_order.hpp"
#include "scenarios/traces/trace_filter.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

struct TraceSpec {
  std::string format;
  std::string path;
  TraceOptions options;
  TraceFilter filter;
  std::size_t reorder_window = 100000;
};

class TraceSource {
 public:
  explicit TraceSource(const TraceSpec& spec);

  /// The next kept item, in simulated time; false at the end.
  bool next(TraceItem& item);

  [[nodiscard]] TraceReader& reader() noexcept { return *reader_; }
  [[nodiscard]] const TraceStats& stats() const noexcept { return reader_->stats(); }
  [[nodiscard]] const TraceFilterStats& filter_stats() const noexcept { return filter_.stats(); }

 private:
  std::unique_ptr<TraceReader> reader_;
  ArrivalOrder order_;
  TraceFilterStage filter_;
  bool stopped_ = false;
};

}  // namespace stacksim::scenarios
