#pragma once
// A pollster (Ceilometer's polling agent plugin): asked at every polling interval for the current
// samples of the resources it watches.

#include <vector>

#include "core/runtime/task.hpp"
#include "core/telemetry/sample.hpp"

namespace stacksim::telemetry {

class Pollster {
 public:
  Pollster() = default;
  Pollster(const Pollster&) = delete;
  Pollster& operator=(const Pollster&) = delete;
  virtual ~Pollster() = default;

  virtual runtime::Task<std::vector<Sample>> poll(runtime::TimePoint now) = 0;
};

}  // namespace stacksim::telemetry
