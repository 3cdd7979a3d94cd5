#pragma once
// One run as the `stacksim run` and `replay` commands do it: build the experiment, record into a
// results database when asked, show progress on a terminal, stop cleanly on Ctrl-C, then export
// (CSV, JSON) and write the HTML report.

#include <optional>
#include <string>

#include "scenarios/report/autoscaling_section.hpp"
#include "scenarios/runner/run_summary.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

struct SessionOptions {
  std::string database;  // overrides the scenario's outputs.database
  std::string csv_dir;
  std::string json;
  std::string report;
  bool progress = true;  // on a terminal only
  /// Through the OpenStack control plane (scenarios/cloud) instead of the experiment runner;
  /// implied by a live backend and by scenarios with servers or images.
  bool control_plane = false;
  /// "simulated" or "live" overrides the scenario's backend section; empty keeps it.
  std::string backend;
  /// The control plane's own SQLite database (Nova, Glance, Keystone state); empty: in memory.
  std::string control_plane_database;
};

struct SessionResult {
  RunSummary summary;
  std::string hosts_line;                        // describe_hosts() of the datacenter
  std::string database;                          // where the results went ("" if nowhere)
  std::optional<AutoscalingTotals> autoscaling;  // the scenario's autoscaling section, when run
};

SessionResult run_session(const Scenario& scenario, const SessionOptions& options);

}  // namespace stacksim::scenarios
