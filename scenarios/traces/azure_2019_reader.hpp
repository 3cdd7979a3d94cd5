#pragma once
// Azure Public Dataset V2 (2019): vmtable.csv as in 2017, but cores and memory are buckets
// (cores 2, 4, 8, 24, >24; GB 2, 4, 8, 32, 64, >64). A bucket stands for its bound; the open top
// buckets for the largest_vcpu_bucket / largest_memory_bucket_gb options (32 cores, 128 GB).

#include "scenarios/traces/azure_vmtable_reader.hpp"

namespace stacksim::scenarios {

class Azure2019Reader final : public AzureVmtableReader {
 public:
  Azure2019Reader(const std::string& path, TraceOptions options)
      : AzureVmtableReader(path, std::move(options), {"vmcorecountbucket", "vmmemorybucket"}) {}

 protected:
  void read_size(const RowFields& row, TraceRequest& request) const override;

 private:
  double bucket(const RowFields& row, std::size_t column, double open_top) const;
};

}  // namespace stacksim::scenarios
