#include "scenarios/traces/azure_2017_reader.hpp"

namespace stacksim::scenarios {

void Azure2017Reader::read_size(const RowFields& row, TraceRequest& request) const {
  constexpr std::size_t kCores = 9, kMemoryGb = 10;
  request.vcpus = row.number(kCores);
  if (request.vcpus <= 0) row.fail(kCores, "expected a positive core count");
  const double gb = row.number(kMemoryGb);
  if (gb <= 0) row.fail(kMemoryGb, "expected a positive memory size in GB");
  request.memory_mb = gb * 1024.0;
}

}  // namespace stacksim::scenarios
