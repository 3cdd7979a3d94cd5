#pragma once
// What part of a trace a scenario replays and how fast: a window of trace time, size, tenant and
// priority filters, a deterministic sample, a request cap, and a time scale.

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "scenarios/traces/trace_request.hpp"

namespace stacksim::scenarios {

struct TraceFilter {
  double start_s = 0;           // trace time that becomes simulated time 0
  std::optional<double> end_s;  // stop reading at this trace time
  double time_scale = 1.0;      // simulated seconds per trace second (0.5 = twice as fast)
  double min_vcpus = 0;
  double max_vcpus = std::numeric_limits<double>::infinity();
  double min_memory_mb = 0;
  double max_memory_mb = std::numeric_limits<double>::infinity();
  std::set<std::string> tenants;  // empty: every tenant
  std::optional<int> min_priority;
  std::optional<int> max_priority;
  double sample_fraction = 1.0;  // keep this share of requests, chosen by id and seed
  std::optional<std::int64_t> max_requests;
  bool group_anti_affinity = false;  // add anti-affinity on each request's group
  std::uint64_t seed = 1;
};

struct TraceFilterStats {
  std::int64_t kept = 0;
  std::int64_t filtered = 0;  // requests outside the window or the filters
};

/// Applies a TraceFilter to items in time order.
class TraceFilterStage {
 public:
  explicit TraceFilterStage(TraceFilter filter) : filter_(std::move(filter)) {}

  enum class Verdict { keep, drop, stop };
  /// Decides on `item` and, when kept, rewrites its times into simulated seconds.
  Verdict apply(TraceItem& item);

  [[nodiscard]] const TraceFilterStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const TraceFilter& filter() const noexcept { return filter_; }

 private:
  [[nodiscard]] bool sampled(const std::string& id) const;

  TraceFilter filter_;
  TraceFilterStats stats_;
};

}  // namespace stacksim::scenarios
