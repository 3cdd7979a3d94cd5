#pragma once
// Exponential backoff between reconnection attempts: initial, initial*multiplier, ... capped at
// max. No jitter, so a rerun waits the same intervals.

#include <algorithm>
#include <cmath>

#include "core/runtime/time.hpp"

namespace stacksim::live {

struct Backoff {
  runtime::Duration initial = runtime::from_seconds(0.5);
  runtime::Duration max = runtime::from_seconds(30);
  double multiplier = 2.0;

  /// The wait before attempt `attempt` (0-based).
  [[nodiscard]] runtime::Duration delay(int attempt) const {
    const double scaled = static_cast<double>(initial.count()) *
                          std::pow(multiplier, static_cast<double>(std::max(0, attempt)));
    const double capped = std::min(scaled, static_cast<double>(max.count()));
    return runtime::Duration(static_cast<runtime::Duration::rep>(capped));
  }
};

}  // namespace stacksim::live
