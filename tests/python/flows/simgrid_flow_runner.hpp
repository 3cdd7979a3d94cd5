#pragma once
// Runs a flow case in SimGrid 3.32 (CM02, TCP-gamma 0, no cross traffic, factors 1, weight-S 0,
// Full update) — the reference the flow network model is checked against. In the default
// (max-min) semantics the links have zero latency inside SimGrid and each flow starts at
// start + route latency; in latency-weighted mode the latencies stay inside SimGrid.

#include <string>
#include <vector>

#include "sim/models/flow_case.hpp"

namespace stacksim::oracle {

struct SimGridSettings {
  sim::FlowSharing sharing = sim::FlowSharing::max_min;
  // SimGrid's numerical tolerances. The defaults (maxmin 1e-5 relative to link capacity, timers
  // 1e-9 s) could let SimGrid deviate from exact max-min by more than the 1e-9 we check, so the
  // oracle tightens them; the model is unchanged. maxmin/precision is also an absolute bound on
  // a link's summed flow weights: those are integers in max-min mode (1e-13 is safe) but sums of
  // 1/latency in latency-weighted mode, where rounding needs 1e-7. 0 picks that default.
  double maxmin_precision = 0;
  double surf_precision = 1e-13;
  /// Only the first `flow_limit` flows (in input order) are run; 0: all.
  std::size_t flow_limit = 0;
};

/// Completion time of each flow, in input order. SimGrid's engine is a process-wide singleton:
/// call this once per process.
std::vector<double> run_in_simgrid(const sim::FlowCase& flow_case, const SimGridSettings& settings);

}  // namespace stacksim::oracle
