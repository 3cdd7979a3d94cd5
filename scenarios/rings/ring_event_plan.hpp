#pragma once
// What a scenario's ring_events do to its rings, worked out before the run: the builder
// operations (set_weight, add_device, remove_device, rebalance with the scenario's seed at the
// event's simulated second, so min_part_hours counts simulated hours) give each rebalance's
// figures and new ring; device and server failures become replicator events. The builders do
// not depend on data movement, so planning first and replicating during the run is exact.

#include <cstdint>
#include <string>
#include <vector>

#include "core/objectstore/object_controller.hpp"
#include "core/objectstore/replication_event.hpp"
#include "core/objectstore/replicator.hpp"
#include "core/runtime/time.hpp"
#include "scenarios/rings/scenario_ring.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

/// One rebalance as swift-ring-builder reports it (time 0: the initial build).
struct RingRebalanceRecord {
  double time_s = 0;
  std::string ring;
  std::int64_t parts_moved = 0;  // partition-replicas reassigned
  double balance = 0;            // worst device, percent off its weighted share
  double dispersion = 0;         // percent of partition-replicas at risk
  std::int64_t devices = 0;      // devices in the ring after it
  std::int64_t removed_devices = 0;
  bool new_ring = false;  // the assignment changed, so a new ring was pushed to the servers
  // MD5 (hex) of the replica -> partition -> device table as the ring file stores it (rows of
  // little-endian uint16): equal digests, equal assignments (the differential tests compare it
  // with python3-swift's builder).
  std::string assignment_md5;
  friend bool operator==(const RingRebalanceRecord&, const RingRebalanceRecord&) = default;
};

/// The replicators of one ring: its ring at the start and what happens to it.
struct RingReplicationPlan {
  std::string ring;
  objectstore::RingData initial;
  std::vector<objectstore::ReplicationEvent> events;
  objectstore::ReplicatorConfig config;
};

struct RingEventPlan {
  std::vector<RingRebalanceRecord> rebalances;   // time order; every ring's initial build first
  std::vector<RingReplicationPlan> replication;  // rings with at least one replicator event
  std::vector<ScenarioRing> final_rings;         // the builders after every event
};

/// Applies `scenario.ring_events` in time order to `rings` (as build_scenario_rings made them);
/// replicator event times are `start` + at_s.
RingEventPlan plan_ring_events(const Scenario& scenario, std::vector<ScenarioRing> rings,
                               runtime::TimePoint start);

/// The replicator settings of scenario.ring_replication for ring `ring_name`.
objectstore::ReplicatorConfig ring_replicator_config(const Scenario& scenario,
                                                     const ScenarioRing& ring);

}  // namespace stacksim::scenarios
