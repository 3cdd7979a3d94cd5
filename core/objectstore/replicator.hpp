#pragma once
// The object replicator (swift.obj.replicator), as the data movement it causes. Every partition
// should hold a copy on each of its primaries; when a primary is unmounted or its server
// unreachable, on the next live handoff instead (Swift pushes to a handoff when a primary answers
// 507; see handoffs_for_unreachable_servers). After a device or server fails, or a rebalance
// reassigns partitions (old and new ring compared through who holds what), the replicator copies
// each missing replica from a live holder as a StorageDriver transfer (TransferKind::replication),
// a bounded number at a time per server (or per device), and deletes handoff copies once the
// partition's targets all hold it. It talks only to the runtime interfaces: in the simulator each
// transfer's duration comes from the network and disk models.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/objectstore/node_health.hpp"
#include "core/objectstore/object_controller.hpp"
#include "core/objectstore/partition_contents.hpp"
#include "core/objectstore/replication_event.hpp"
#include "core/objectstore/replication_report.hpp"
#include "core/objectstore/ring.hpp"
#include "core/runtime/backend.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::objectstore {

enum class ReplicatorScope {
  server,  // one replicator per object server: `concurrency` transfers out of each server
  device,  // one per device (replicator_workers = devices): `concurrency` out of each device
};

struct ReplicatorConfig {
  PartitionContents contents;
  std::size_t concurrency = 1;  // Swift's object-replicator default
  ReplicatorScope scope = ReplicatorScope::server;
  double interval_s = 30;  // a change is acted on at the next pass (Swift's interval)
  double retry_s = 30;     // a failed transfer is retried on a later pass
  // Swift 2.30 only replaces a primary by a handoff when it answers 507 (unmounted); an
  // unreachable server gets none until the operator rebalances it out. true (the default) treats
  // unreachable servers like unmounted devices, as a durability model usually wants.
  bool handoffs_for_unreachable_servers = true;
  double rsync_bwlimit_bytes_per_s = 0;  // per transfer; 0: none
  ObjectServerHosts hosts;               // ring ip -> Backend host
  std::uint64_t seed = 1;                // partition contents

  /// Throws std::invalid_argument naming the offending field.
  void validate() const;
};

class Replicator {
 public:
  /// Transfers go through backend.storage(); time is backend.executor()'s.
  Replicator(runtime::Backend& backend, RingData ring, ReplicatorConfig config);

  /// Applies `events` at their times and replicates until every partition that can be repaired
  /// is; call once. Throws std::invalid_argument naming a bad event (unknown device or server,
  /// a rebalance with another part power).
  runtime::Task<ReplicationReport> run(std::vector<ReplicationEvent> events);
  /// What run() has measured so far (samples, bytes, transfers; the settled and full-replication
  /// fields once it returns), for a scenario run that ends before replication does.
  [[nodiscard]] const ReplicationReport& progress() const noexcept { return report_; }

 private:
  struct Job {
    std::uint32_t part = 0;
    int source = -1;
    int target = -1;
    runtime::TimePoint ready{};
  };
  struct InFlight {
    int source = -1;
    bool doomed = false;  // source or target went down during the transfer
  };
  // By (partition, target). A doomed copy may still be running beside its replacement.
  using Flights = std::multimap<std::pair<std::uint32_t, int>, InFlight>;

  void validate(const std::vector<ReplicationEvent>& events) const;
  void learn_devices(const RingData& ring);
  [[nodiscard]] bool live(int device) const;
  [[nodiscard]] bool holds(std::uint32_t part, int device) const;
  [[nodiscard]] std::string queue_key(int device) const;
  [[nodiscard]] bool healthy(std::uint32_t part) const;
  [[nodiscard]] std::vector<RingNode> targets(std::uint32_t part) const;
  [[nodiscard]] bool replicated(std::uint32_t part) const;
  [[nodiscard]] bool in_flight_for(std::uint32_t part) const;
  /// A copy of `part` to `target` is running and will count.
  [[nodiscard]] bool copying(std::uint32_t part, int target) const;

  void apply(const ReplicationEvent& event);
  void replan_all(runtime::TimePoint ready);
  void plan(std::uint32_t part, runtime::TimePoint ready);
  void revert_handoffs(std::uint32_t part, const std::vector<RingNode>& part_targets);
  void recount(std::uint32_t part);
  void sample();
  void finish(const Job& job, Flights::iterator flight, bool copied);

  runtime::Task<void> apply_events(std::vector<ReplicationEvent> events);
  runtime::Task<void> worker(std::string key);

  runtime::Executor& executor_;
  runtime::StorageDriver& storage_;
  ReplicatorConfig config_;
  std::optional<Ring> ring_;
  std::map<int, Device> devices_;
  NodeHealth health_;
  std::vector<std::vector<int>> holders_;  // per partition: devices holding a full copy
  std::vector<std::int64_t> bytes_;
  std::vector<int> live_count_;  // per partition, capped at the histogram's last entry
  std::vector<std::int64_t> histogram_;
  std::vector<bool> repaired_;
  std::map<std::string, std::deque<Job>> queues_;
  Flights in_flight_;
  std::size_t events_left_ = 0;
  runtime::TimePoint next_event_{};
  runtime::TimePoint settled_{};
  ReplicationReport report_;
};

/// The scenario-level entry: replicates `ring` (every partition starting on its primaries)
/// through `backend`'s storage driver while `events` happen, and returns the report.
runtime::Task<ReplicationReport> run_replication(RingData ring,
                                                 std::vector<ReplicationEvent> events,
                                                 runtime::Backend& backend,
                                                 ReplicatorConfig config);

}  // namespace stacksim::objectstore
