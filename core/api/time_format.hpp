#pragma once
// Renders the control plane's time (runtime::TimePoint, nanoseconds since the clock's epoch) as the
// UTC timestamps the OpenStack APIs return. `epoch_unix_s` is the wall-clock date of time zero:
// `stacksim serve` sets it to the moment it starts, so a paced simulation shows plausible dates.

#include <cstdint>
#include <string>

#include "core/runtime/time.hpp"

namespace stacksim::api {

enum class TimePrecision {
  seconds,       // 2012-08-20T21:11:09Z (Nova, Glance, Neutron)
  microseconds,  // 2015-11-05T22:00:11.000000Z (Keystone)
  cinder,        // 2012-08-20T21:11:09.000000 (Cinder: microseconds, no zone)
};

class TimeFormat {
 public:
  explicit TimeFormat(std::int64_t epoch_unix_s = 0) : epoch_unix_s_(epoch_unix_s) {}

  [[nodiscard]] std::string iso8601(runtime::TimePoint t,
                                    TimePrecision precision = TimePrecision::seconds) const;
  [[nodiscard]] std::int64_t epoch_unix_s() const noexcept { return epoch_unix_s_; }

 private:
  std::int64_t epoch_unix_s_;
};

}  // namespace stacksim::api
