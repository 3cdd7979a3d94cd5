#pragma once
// Google cluster-data timestamps (2011 and 2019): microseconds, where the trace window starts at
// 600 s, 0 means "before the window" and values near 2^63 mean "after it".

#include <algorithm>
#include <cstdint>
#include <optional>

namespace stacksim::scenarios {

/// Seconds since the start of the window (>= 0), or nullopt for the "after the trace" sentinel.
[[nodiscard]] inline std::optional<double> google_trace_seconds(std::int64_t microseconds) {
  constexpr std::int64_t kAfterTrace = std::int64_t{1} << 62;
  constexpr double kWindowStartS = 600.0;
  if (microseconds >= kAfterTrace) return std::nullopt;
  return std::max(0.0, static_cast<double>(microseconds) * 1e-6 - kWindowStartS);
}

}  // namespace stacksim::scenarios
