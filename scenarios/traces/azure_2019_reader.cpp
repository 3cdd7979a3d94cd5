#include "scenarios/traces/azure_2019_reader.hpp"

namespace stacksim::scenarios {

double Azure2019Reader::bucket(const RowFields& row, std::size_t column, double open_top) const {
  std::string_view text = row.text(column);
  if (text.starts_with('>')) {
    double bound = 0;
    if (!parse_double(text.substr(1), bound)) {
      row.fail(column, "expected a bucket such as 8 or >24, found \"" + std::string(text) + "\"");
    }
    return std::max(open_top, bound);
  }
  if (text.starts_with('<')) text.remove_prefix(1);
  double value = 0;
  if (!parse_double(text, value) || value <= 0) {
    row.fail(column,
             "expected a bucket such as 8 or >24, found \"" + std::string(row.text(column)) + "\"");
  }
  return value;
}

void Azure2019Reader::read_size(const RowFields& row, TraceRequest& request) const {
  constexpr std::size_t kCoreBucket = 9, kMemoryBucket = 10;
  request.vcpus = bucket(row, kCoreBucket, options_.largest_vcpu_bucket);
  request.memory_mb = bucket(row, kMemoryBucket, options_.largest_memory_bucket_gb) * 1024.0;
}

}  // namespace stacksim::scenarios
