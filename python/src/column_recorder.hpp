#pragma once
// Keeps a run's results in memory as column tables (for pandas), and optionally passes every row
// on to another recorder (the results database) as well.

#include <optional>
#include <vector>

#include "python/src/column_table.hpp"
#include "scenarios/runner/run_recorder.hpp"

namespace stacksim::python {

class ColumnRecorder final : public scenarios::RunRecorder {
 public:
  explicit ColumnRecorder(scenarios::RunRecorder* also = nullptr) : also_(also) {}

  void begin(const scenarios::Scenario& scenario,
             const std::vector<scenarios::HostRow>& hosts) override;
  void instance(const scenarios::InstanceRow& row) override;
  void decision(const scenarios::DecisionRow& row) override;
  void instance_event(const scenarios::InstanceEventRow& row) override;
  void sample(const scenarios::SampleRow& row) override;
  void host_sample(const scenarios::HostSampleRow& row) override;
  void fault(const scenarios::FaultRow& row) override;
  void finish(const scenarios::RunSummary& summary,
              const std::vector<scenarios::HostSummaryRow>& hosts) override;

  /// The tables by name: hosts, instances, decisions, instance_events, samples, host_samples,
  /// faults, host_summary.
  [[nodiscard]] std::vector<std::pair<std::string, const ColumnTable*>> tables() const;

 private:
  [[nodiscard]] std::optional<std::string_view> host_name(int h) const;

  scenarios::RunRecorder* also_;
  std::vector<std::string> host_names_;
  ColumnTable hosts_{{"host", ColumnTable::Kind::category},
                     {"host_class", ColumnTable::Kind::category},
                     {"availability_zone", ColumnTable::Kind::category},
                     {"rack", ColumnTable::Kind::category},
                     {"vcpus", ColumnTable::Kind::integer},
                     {"memory_mb", ColumnTable::Kind::integer},
                     {"disk_gb", ColumnTable::Kind::real},
                     {"vcpu_capacity", ColumnTable::Kind::real},
                     {"memory_capacity_mb", ColumnTable::Kind::integer}};
  ColumnTable instances_{
      {"instance", ColumnTable::Kind::integer},  {"source", ColumnTable::Kind::category},
      {"trace_id", ColumnTable::Kind::category}, {"tenant", ColumnTable::Kind::category},
      {"flavor", ColumnTable::Kind::category},   {"vcpus", ColumnTable::Kind::real},
      {"memory_mb", ColumnTable::Kind::integer}, {"disk_gb", ColumnTable::Kind::integer},
      {"requested_s", ColumnTable::Kind::real},  {"host", ColumnTable::Kind::category},
      {"active_s", ColumnTable::Kind::real},     {"ended_s", ColumnTable::Kind::real},
      {"state", ColumnTable::Kind::category},    {"evacuations", ColumnTable::Kind::integer}};
  ColumnTable decisions_{{"time_s", ColumnTable::Kind::real},
                         {"instance", ColumnTable::Kind::integer},
                         {"kind", ColumnTable::Kind::category},
                         {"host", ColumnTable::Kind::category},
                         {"reason", ColumnTable::Kind::category}};
  ColumnTable instance_events_{{"time_s", ColumnTable::Kind::real},
                               {"instance", ColumnTable::Kind::integer},
                               {"event", ColumnTable::Kind::category},
                               {"from_host", ColumnTable::Kind::category},
                               {"to_host", ColumnTable::Kind::category}};
  ColumnTable samples_{{"time_s", ColumnTable::Kind::real},
                       {"vcpus_used", ColumnTable::Kind::real},
                       {"memory_used_mb", ColumnTable::Kind::integer},
                       {"disk_used_gb", ColumnTable::Kind::integer},
                       {"instances", ColumnTable::Kind::integer},
                       {"hosts_up", ColumnTable::Kind::integer},
                       {"hosts_empty", ColumnTable::Kind::integer},
                       {"power_w", ColumnTable::Kind::real},
                       {"arrivals", ColumnTable::Kind::integer},
                       {"placed", ColumnTable::Kind::integer},
                       {"rejected", ColumnTable::Kind::integer},
                       {"evacuations", ColumnTable::Kind::integer},
                       {"lost", ColumnTable::Kind::integer}};
  ColumnTable host_samples_{
      {"time_s", ColumnTable::Kind::real},       {"host", ColumnTable::Kind::category},
      {"vcpus_used", ColumnTable::Kind::real},   {"memory_used_mb", ColumnTable::Kind::integer},
      {"instances", ColumnTable::Kind::integer}, {"up", ColumnTable::Kind::integer},
      {"power_w", ColumnTable::Kind::real}};
  ColumnTable faults_{{"time_s", ColumnTable::Kind::real},
                      {"kind", ColumnTable::Kind::category},
                      {"host", ColumnTable::Kind::category},
                      {"cause", ColumnTable::Kind::category}};
  ColumnTable host_summary_{
      {"host", ColumnTable::Kind::category},      {"util_vcpu", ColumnTable::Kind::real},
      {"util_ram", ColumnTable::Kind::real},      {"energy_kwh", ColumnTable::Kind::real},
      {"placements", ColumnTable::Kind::integer}, {"failures", ColumnTable::Kind::integer}};
};

}  // namespace stacksim::python
