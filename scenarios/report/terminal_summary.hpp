#pragma once
// The human summary of a run that `stacksim run`, `replay` and `report` print.

#include <string>

#include <vector>

#include "scenarios/report/autoscaling_section.hpp"
#include "scenarios/runner/run_recorder.hpp"
#include "scenarios/runner/run_summary.hpp"

namespace stacksim::scenarios {

std::string format_summary(const RunSummary& s, const std::string& hosts_line);

/// "autoscaling ..." lines: scale-outs and -ins, group size range, SLA violations, energy.
std::string format_autoscaling(const AutoscalingTotals& t);

/// "compute: 1000 x 64 vCPU / 131072 MB" per host class.
std::string describe_hosts(const std::vector<HostRow>& hosts);

}  // namespace stacksim::scenarios
