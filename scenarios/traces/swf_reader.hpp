#pragma once
// Standard Workload Format v2.2 (Parallel Workloads Archive): 18 whitespace-separated fields per
// job, -1 for unknown, ';' header comments. A job becomes one request for its processors (vCPUs)
// from its submit time for its run time.

#include <string>

#include "scenarios/traces/line_source.hpp"
#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class SwfReader final : public TraceReader {
 public:
  SwfReader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return lines_.location(); }

 private:
  LineSource lines_;
  RowFields row_;
};

}  // namespace stacksim::scenarios
