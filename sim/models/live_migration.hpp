#pragma once
// Live migration by pre-copy: round 1 copies all guest memory while the guest runs; each later
// round copies what the guest dirtied during the previous round (dirty rate x round time, at most
// the memory size). When what is left is at most the stop-and-copy threshold, or after max_rounds
// pre-copy rounds, the guest is paused and the rest is copied: that copy plus a fixed switchover
// time is the downtime. Every round is a flow on the network model, so its bandwidth is the
// flow's max-min share of the route at that time.

#include <vector>

#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/task.hpp"
#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

struct LiveMigrationSpec {
  double memory_bytes = 0;
  double dirty_rate_bytes_per_s = 0;
  double stop_copy_threshold_bytes = 64e6;
  int max_rounds = 30;
  double switchover_s = 0.02;       // pause, device state, resume on the destination
  double rate_cap_bytes_per_s = 0;  // migration bandwidth limit (libvirt's max bandwidth), 0: none
};

/// Runs the migration over `route`; throws std::runtime_error if a round's flow fails.
runtime::Task<runtime::MigrationStats> live_migrate(FlowNetwork& network, std::vector<LinkId> route,
                                                    LiveMigrationSpec spec);

}  // namespace stacksim::sim
