#include "scenarios/traces/trace_source.hpp"

#include "scenarios/traces/trace_formats.hpp"

namespace stacksim::scenarios {

TraceSource::TraceSource(const TraceSpec& spec)
    : reader_(open_trace_reader(spec.format, spec.path, spec.options)),
      order_(*reader_, spec.reorder_window),
      filter_(spec.filter) {
}

bool TraceSource::next(TraceItem& item) {
  while (!stopped_ && order_.next(item)) {
    switch (filter_.apply(item)) {
      case TraceFilterStage::Verdict::keep:
        return true;
      case TraceFilterStage::Verdict::drop:
        break;
      case TraceFilterStage::Verdict::stop:
        stopped_ = true;
        break;
    }
  }
  return false;
}

}  // namespace stacksim::scenarios
