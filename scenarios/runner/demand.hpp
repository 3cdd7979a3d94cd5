#pragma once
// What one instance asks of a host, in integer units so that claims and releases add up exactly:
// milli-vCPUs (traces ask for fractions of cores), MB of RAM and GB of disk.

#include <compare>
#include <cstdint>
#include <string>

namespace stacksim::scenarios {

struct Demand {
  std::int64_t vcpu_milli = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_gb = 0;

  friend auto operator<=>(const Demand&, const Demand&) = default;
};

[[nodiscard]] std::string describe(const Demand& d);

}  // namespace stacksim::scenarios
