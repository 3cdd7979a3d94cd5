#pragma once
// What a replication run measured: partitions by number of live replicas over time (the
// durability curve), bytes and transfers, and how long until every partition had all its
// replicas again. A value type: the scenario runner stores it, to_json exports it.

#include <cstdint>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace stacksim::objectstore {

struct ReplicaCountSample {
  double time_s = 0;
  // Entry n: partitions with n live replicas (the last entry: n or more, e.g. a handoff copy
  // not yet reverted).
  std::vector<std::int64_t> partitions;
  std::int64_t bytes_moved = 0;     // so far
  std::int64_t copies_pending = 0;  // replica copies queued or in flight (a rebalance's progress)
  friend bool operator==(const ReplicaCountSample&, const ReplicaCountSample&) = default;
};

struct ReplicationReport {
  std::vector<ReplicaCountSample> samples;  // one per change (of counts or bytes), in time order
  std::int64_t partitions = 0;
  std::int64_t stored_bytes = 0;         // one replica of every partition
  std::int64_t bytes_moved = 0;          // bytes of completed replication transfers
  std::int64_t transfers = 0;            // completed replication transfers
  std::int64_t failed_transfers = 0;     // transfers that failed or lost their source/target
  std::int64_t partitions_repaired = 0;  // partitions that received at least one copy
  std::int64_t handoffs_reverted = 0;    // copies deleted from handoffs once primaries had them
  double first_event_s = 0;
  double settled_s = 0;  // when the last transfer finished (or the last event, if later)
  double time_to_full_replication_s = 0;  // settled_s - first_event_s
  bool fully_replicated = false;          // every partition has all its replicas at the end
  friend bool operator==(const ReplicationReport&, const ReplicationReport&) = default;
};

void to_json(nlohmann::json& out, const ReplicaCountSample& sample);
void to_json(nlohmann::json& out, const ReplicationReport& report);

}  // namespace stacksim::objectstore
