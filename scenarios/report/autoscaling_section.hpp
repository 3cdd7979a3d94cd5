#pragma once
// The autoscaling experiment in reports: totals of a run (scale-outs and -ins, group size range,
// SLA violations, energy) from its result or from the results database's autoscaling tables, and
// the HTML report's section (group size, demand against capacity, SLA violations, power and
// energy over time).

#include <cstdint>
#include <optional>
#include <string>

#include "core/orchestration/autoscaling_experiment.hpp"
#include "core/store/database.hpp"

namespace stacksim::scenarios {

struct AutoscalingTotals {
  std::string run;
  std::int64_t samples = 0;
  std::int64_t scale_outs = 0;
  std::int64_t scale_ins = 0;
  std::int64_t sla_violations = 0;  // samples with unserved demand
  int min_group_size = 0;
  int max_group_size = 0;
  double mean_group_size = 0;
  double duration_s = 0;  // time of the last sample
  double energy_joules = 0;
};

AutoscalingTotals autoscaling_totals(const std::string& run,
                                     const orchestration::AutoscalingResult& result);
/// The first run of table autoscaling_runs; nullopt when the database has none.
std::optional<AutoscalingTotals> read_autoscaling_totals(const store::Database& db);
/// The report's "Autoscaling" section; empty when the database has no autoscaling run.
std::string autoscaling_report_section(const store::Database& db);

}  // namespace stacksim::scenarios
