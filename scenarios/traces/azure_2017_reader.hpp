#pragma once
// Azure Public Dataset V1 (2017, Resource Central): vmtable.csv with the exact core count and
// memory in GB (fractional: 1.75, 3.5).

#include "scenarios/traces/azure_vmtable_reader.hpp"

namespace stacksim::scenarios {

class Azure2017Reader final : public AzureVmtableReader {
 public:
  Azure2017Reader(const std::string& path, TraceOptions options)
      : AzureVmtableReader(path, std::move(options), {"vmcorecount", "vmmemory"}) {}

 protected:
  void read_size(const RowFields& row, TraceRequest& request) const override;
};

}  // namespace stacksim::scenarios
