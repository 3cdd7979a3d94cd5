#pragma once
// Time in the control plane and both backends: signed 64-bit integer nanoseconds since the
// executor's epoch (simulation start, or the wall-clock executor's creation). Integer ticks make
// event ordering exact and reruns bit-identical; the range is about +-292 years.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace stacksim::runtime {

using Duration = std::chrono::nanoseconds;

struct ExecutorClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = Duration;
  using time_point = std::chrono::time_point<ExecutorClock, Duration>;
  static constexpr bool is_steady = true;
};

using TimePoint = ExecutorClock::time_point;

/// Seconds (as given in scenarios and case files) to ticks, rounded to the nearest nanosecond.
inline Duration from_seconds(double seconds) {
  if (!std::isfinite(seconds) || std::fabs(seconds) > 9.2e9) {
    throw std::out_of_range("time of " + std::to_string(seconds) +
                            " s is outside the representable range (+-9.2e9 s)");
  }
  return Duration(std::llround(seconds * 1e9));
}

inline double to_seconds(Duration d) {
  return static_cast<double>(d.count()) * 1e-9;
}
inline double to_seconds(TimePoint t) {
  return to_seconds(t.time_since_epoch());
}
inline TimePoint at_seconds(double seconds) {
  return TimePoint(from_seconds(seconds));
}

}  // namespace stacksim::runtime
