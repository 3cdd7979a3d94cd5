#pragma once
// A request the compute API would have rejected before scheduling (bad NUMA extra specs, unknown
// server group, an image property Nova does not accept, ...). Distinct from NoValidHost, which is
// a valid request that no host can take.

#include <stdexcept>
#include <string>

namespace stacksim::scheduler {

class InvalidRequest : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace stacksim::scheduler
