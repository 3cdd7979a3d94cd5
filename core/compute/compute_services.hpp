#pragma once
// nova-compute service records and their heartbeats. Each host's service reports every
// report_interval while its host is up; the reports are derived on demand (the last report before
// now, or before the host went down) instead of being simulated as events, which is exact for a
// periodic reporter and costs nothing per tick. A service is up when it is not forced down and its
// last report is at most service_down_time old (Nova's DB servicegroup driver).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/runtime/time.hpp"
#include "core/store/database.hpp"

namespace stacksim::compute {

struct ComputeService {
  std::string host;
  std::string binary = "nova-compute";
  bool disabled = false;
  std::string disabled_reason;
  bool forced_down = false;
  runtime::TimePoint started_at{};               // first report of the current run
  std::optional<runtime::TimePoint> stopped_at;  // the host went down; no reports since
  std::int64_t failed_builds = 0;                // consecutive failed builds (BuildFailureWeigher)
};

class ComputeServices {
 public:
  ComputeServices(store::Database& db, runtime::Duration report_interval,
                  runtime::Duration service_down_time);

  /// Starts (or restarts) the service of `host`: it reports from `now` on.
  ComputeService start(const std::string& host, runtime::TimePoint now);
  /// The host went down at `now`: reports stop.
  void stop(const std::string& host, runtime::TimePoint now);
  /// ComputeHostNotFound (404).
  [[nodiscard]] ComputeService get(const std::string& host);
  [[nodiscard]] bool exists(const std::string& host);
  [[nodiscard]] std::vector<ComputeService> list();
  ComputeService set_disabled(const std::string& host, bool disabled, const std::string& reason);
  ComputeService set_forced_down(const std::string& host, bool forced_down);
  /// Resets the count after a successful build, increments it after a failed one.
  void record_build(const std::string& host, bool succeeded);

  [[nodiscard]] runtime::TimePoint last_seen_up(const ComputeService& service,
                                                runtime::TimePoint now) const;
  [[nodiscard]] bool is_up(const ComputeService& service, runtime::TimePoint now) const;
  [[nodiscard]] bool is_up(const std::string& host, runtime::TimePoint now) {
    return is_up(get(host), now);
  }

  [[nodiscard]] runtime::Duration report_interval() const noexcept { return report_interval_; }
  [[nodiscard]] runtime::Duration service_down_time() const noexcept { return service_down_time_; }

 private:
  store::Database& db_;
  runtime::Duration report_interval_;
  runtime::Duration service_down_time_;
};

}  // namespace stacksim::compute
