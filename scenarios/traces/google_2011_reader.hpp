#pragma once
// Google cluster-data 2011 (clusterdata-2011-2): task_events (13 columns, no header, parts read in
// name order) become requests at SUBMIT and ends at EVICT/FAIL/FINISH/KILL/LOST; machine_events
// (6 columns) describe the machines. Sizes are normalised to the largest machine and scaled by
// machine_vcpus / machine_memory_mb / machine_disk_gb.

#include <string>
#include <unordered_set>

#include "scenarios/traces/line_source.hpp"
#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class Google2011Reader final : public TraceReader {
 public:
  Google2011Reader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return lines_.location(); }
  [[nodiscard]] std::vector<TraceMachine> machines() override;

 private:
  LineSource lines_;
  RowFields row_;
  std::unordered_set<std::string> open_;  // tasks submitted and not yet ended
};

}  // namespace stacksim::scenarios
