#pragma once
// The Azure public dataset's vmtable.csv (V1 2017 and V2 2019 share it): one VM per row, no
// header, columns vmid, subscriptionid, deploymentid, vmcreated, vmdeleted, maxcpu, avgcpu,
// p95maxcpu, vmcategory, then the size: exact cores and GB in 2017, buckets in 2019.

#include <array>
#include <string>
#include <vector>

#include "scenarios/traces/line_source.hpp"
#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class AzureVmtableReader : public TraceReader {
 public:
  /// `size_columns` names the last two columns (they differ between the years).
  AzureVmtableReader(const std::string& path, TraceOptions options,
                     std::array<std::string, 2> size_columns);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return lines_.location(); }

 protected:
  /// Reads vCPUs and memory (MB) from the last two columns.
  virtual void read_size(const RowFields& row, TraceRequest& request) const = 0;

 private:
  std::vector<std::string> columns_;
  LineSource lines_;
  RowFields row_;
};

}  // namespace stacksim::scenarios
