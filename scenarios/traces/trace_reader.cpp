#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

void TraceReader::bad_row(const TraceRowError& error) {
  if (!options_.skip_bad_rows) throw error;
  ++stats_.bad_rows;
  constexpr std::size_t kExamples = 5;
  if (stats_.bad_row_examples.size() < kExamples)
    stats_.bad_row_examples.emplace_back(error.what());
}

void TraceReader::require_scale(double value, const char* option, const std::string& format) const {
  if (!(value > 0)) {
    throw ScenarioError(format, "",
                        std::string("sizes are normalised to the largest machine; set ") + option +
                            " (a datacenter fills it in from its largest host)");
  }
}

TraceRequest& TraceReader::emit_request(TraceItem& item) {
  ++stats_.requests;
  item.emplace<TraceRequest>();
  return std::get<TraceRequest>(item);
}

TraceEnd& TraceReader::emit_end(TraceItem& item) {
  ++stats_.ends;
  item.emplace<TraceEnd>();
  return std::get<TraceEnd>(item);
}

}  // namespace stacksim::scenarios
