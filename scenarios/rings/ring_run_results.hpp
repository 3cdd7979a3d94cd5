#pragma once
// What the ring events of a run produced, as the results database stores it (docs/results.md):
// every rebalance, and each replicated ring's durability curve and totals.

#include <string>
#include <vector>

#include "core/objectstore/replication_report.hpp"
#include "scenarios/rings/ring_event_plan.hpp"

namespace stacksim::scenarios {

struct RingReplicationResult {
  std::string ring;
  int replicas = 0;  // whole replicas every partition should have (the ring's full rows)
  objectstore::ReplicationReport report;
  bool finished = false;  // replication ended before the run did (else: progress so far)
};

struct RingRunResults {
  std::vector<RingRebalanceRecord> rebalances;
  std::vector<RingReplicationResult> replication;
};

}  // namespace stacksim::scenarios
