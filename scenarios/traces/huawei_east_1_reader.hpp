#pragma once
// Huawei-East-1 VM placement dataset: CSV rows "vmid, cpu (cores), memory (GB), time (s,
// relative), type (0 create, 1 delete)". A create is a request; the matching delete its end. VMs
// never deleted run past the end of the trace.

#include <string>
#include <unordered_set>

#include "scenarios/traces/line_source.hpp"
#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class HuaweiEast1Reader final : public TraceReader {
 public:
  HuaweiEast1Reader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return lines_.location(); }

 private:
  LineSource lines_;
  RowFields row_;
  std::unordered_set<std::string> alive_;
};

}  // namespace stacksim::scenarios
