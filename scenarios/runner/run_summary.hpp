#pragma once
// The headline numbers of one run: what the terminal summary prints, the results database stores
// in `metrics`, and the VM lifecycle reference statistics are checked against.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stacksim::scenarios {

struct RunSummary {
  std::string scenario;
  std::string placement_policy;
  std::uint64_t seed = 0;
  int hosts = 0;
  std::int64_t arrivals = 0;  // instances requested
  std::int64_t placed = 0;
  std::int64_t rejected = 0;
  std::vector<std::pair<std::string, std::int64_t>> rejected_by_flavor;  // "trace" for traces
  std::int64_t departures = 0;
  std::int64_t evacuations = 0;  // instances rebuilt elsewhere after a host failure
  std::int64_t lost = 0;         // instances ended by a failure (no evacuation or no room)
  std::int64_t host_failures = 0;
  std::int64_t active_end = 0;
  std::uint64_t model_events = 0;   // arrivals + departures (the reference model's "events")
  std::uint64_t engine_events = 0;  // everything the engine ran (samples, faults, ...)
  double sim_time_s = 0;
  double wall_s = 0;
  double util_vcpu = 0;  // time-averaged used / physical, over the whole run
  double util_ram = 0;
  std::optional<double> util_vcpu_2h;  // over the second half (from arrival M/2, or duration/2)
  std::optional<double> util_ram_2h;
  std::optional<double> reject_frac_2h;
  double energy_kwh = 0;
  bool interrupted = false;
  // Trace replays.
  std::int64_t trace_rows = 0;
  std::int64_t trace_bad_rows = 0;
  std::int64_t trace_ignored_rows = 0;
  std::int64_t trace_filtered = 0;
  std::vector<std::string> trace_bad_row_examples;
  // Swift rings (ring_events): rebalances run, bytes the replicators copied, and how long after
  // the first event every ring had all its replicas (absent: not within the run).
  std::int64_t ring_events = 0;
  std::int64_t ring_rebalances = 0;
  std::int64_t ring_bytes_moved = 0;
  std::optional<double> ring_time_to_full_replication_s;

  [[nodiscard]] double reject_frac() const {
    return arrivals > 0 ? static_cast<double>(rejected) / static_cast<double>(arrivals) : 0.0;
  }
  [[nodiscard]] nlohmann::json to_json() const;
};

}  // namespace stacksim::scenarios
