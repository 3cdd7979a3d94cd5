#pragma once
// Where a run's results go as they happen (the results database implements it). Rows refer to
// hosts by index into the host rows given to begin(), and to instances by their run-wide number.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/rings/ring_run_results.hpp"
#include "scenarios/runner/run_summary.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

struct HostRow {
  std::string name;
  std::string host_class;
  std::string availability_zone;
  std::string rack;
  std::int64_t vcpus = 0;  // physical
  std::int64_t memory_mb = 0;
  std::optional<std::int64_t> disk_gb;
  double vcpu_capacity = 0;  // allocatable (ratio and reserved applied)
  std::int64_t memory_capacity_mb = 0;
};

struct InstanceRow {
  std::int64_t id = 0;
  std::string_view source;  // generator name or "trace"
  std::string_view trace_id;
  std::string_view tenant;
  std::string_view flavor;  // empty for trace-sized requests
  double vcpus = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_gb = 0;
  double requested_s = 0;
  int host = -1;
  std::optional<double> active_s;
  std::optional<double> ended_s;
  std::string_view state;  // deleted, active, building, error, rejected
  int evacuations = 0;
};

struct DecisionRow {
  double time_s = 0;
  std::int64_t instance = 0;
  std::string_view kind;  // boot, evacuate
  int host = -1;          // -1: NoValidHost
  std::string_view reason;
};

struct InstanceEventRow {
  double time_s = 0;
  std::int64_t instance = 0;
  std::string_view event;  // evacuated, lost
  int from_host = -1;
  int to_host = -1;
};

struct SampleRow {
  double time_s = 0;
  double vcpus_used = 0;
  std::int64_t memory_used_mb = 0;
  std::int64_t disk_used_gb = 0;
  std::int64_t instances = 0;
  std::int64_t hosts_up = 0;
  std::int64_t hosts_empty = 0;  // up and without instances (could be powered off)
  double power_w = 0;
  std::int64_t arrivals = 0;  // since the previous sample
  std::int64_t placed = 0;
  std::int64_t rejected = 0;
  std::int64_t evacuations = 0;
  std::int64_t lost = 0;
};

struct HostSampleRow {
  double time_s = 0;
  int host = 0;
  double vcpus_used = 0;
  std::int64_t memory_used_mb = 0;
  std::int64_t instances = 0;
  bool up = true;
  double power_w = 0;
};

struct FaultRow {
  double time_s = 0;
  std::string_view kind;  // host-down, host-up
  int host = -1;
  std::string_view cause;  // the scenario fault that caused it
};

struct HostSummaryRow {
  int host = 0;
  double util_vcpu = 0;  // time-averaged used / physical
  double util_ram = 0;
  double energy_kwh = 0;
  std::int64_t placements = 0;  // instances placed on it (boots and evacuations)
  std::int64_t failures = 0;
};

class RunRecorder {
 public:
  virtual ~RunRecorder() = default;
  virtual void begin(const Scenario& scenario, const std::vector<HostRow>& hosts) = 0;
  virtual void instance(const InstanceRow& row) = 0;
  virtual void decision(const DecisionRow& row) = 0;
  virtual void instance_event(const InstanceEventRow& row) = 0;
  virtual void sample(const SampleRow& row) = 0;
  virtual void host_sample(const HostSampleRow& row) = 0;
  virtual void fault(const FaultRow& row) = 0;
  /// Ring rebalances and replication (runs with ring_events), just before finish().
  virtual void rings(const RingRunResults& /*results*/) {}
  virtual void finish(const RunSummary& summary, const std::vector<HostSummaryRow>& hosts) = 0;
};

}  // namespace stacksim::scenarios
