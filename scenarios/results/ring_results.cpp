#include "scenarios/results/ring_results.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

namespace stacksim::scenarios {

const std::vector<store::Migration>& ring_results_migrations() {
  static const std::vector<store::Migration> migrations = {
      {1, "ring rebalances and replication",
       R"sql(
CREATE TABLE ring_rebalances (
  time_s REAL NOT NULL,
  ring TEXT NOT NULL,
  parts_moved INTEGER NOT NULL,
  balance REAL NOT NULL,
  dispersion REAL NOT NULL,
  devices INTEGER NOT NULL,
  removed_devices INTEGER NOT NULL,
  new_ring INTEGER NOT NULL,
  assignment_md5 TEXT NOT NULL
);
CREATE TABLE ring_replication (
  ring TEXT PRIMARY KEY,
  replicas INTEGER NOT NULL,
  partitions INTEGER NOT NULL,
  stored_bytes INTEGER NOT NULL,
  bytes_moved INTEGER NOT NULL,
  transfers INTEGER NOT NULL,
  failed_transfers INTEGER NOT NULL,
  partitions_repaired INTEGER NOT NULL,
  handoffs_reverted INTEGER NOT NULL,
  first_event_s REAL NOT NULL,
  settled_s REAL,
  time_to_full_replication_s REAL,
  fully_replicated INTEGER NOT NULL,
  finished INTEGER NOT NULL
);
CREATE TABLE ring_replication_samples (
  time_s REAL NOT NULL,
  ring TEXT NOT NULL,
  under_replicated INTEGER NOT NULL,
  without_replicas INTEGER NOT NULL,
  partitions_by_replicas TEXT NOT NULL,
  bytes_moved INTEGER NOT NULL,
  copies_pending INTEGER NOT NULL
);
)sql"},
  };
  return migrations;
}

std::int64_t under_replicated(const objectstore::ReplicaCountSample& sample, int replicas) {
  std::int64_t under = 0;
  const auto end = std::min<std::size_t>(sample.partitions.size(),
                                         static_cast<std::size_t>(std::max(replicas, 0)));
  for (std::size_t n = 0; n < end; ++n)
    under += sample.partitions[n];
  return under;
}

void write_ring_results(store::Database& db, const RingRunResults& results) {
  store::Statement rebalance =
      db.prepare("INSERT INTO ring_rebalances VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const RingRebalanceRecord& r : results.rebalances) {
    rebalance.reset();
    rebalance
        .bind_all(r.time_s, r.ring, r.parts_moved, r.balance, r.dispersion, r.devices,
                  r.removed_devices, r.new_ring, r.assignment_md5)
        .execute();
  }
  store::Statement ring = db.prepare(
      "INSERT INTO ring_replication VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
      "?13, ?14)");
  store::Statement sample =
      db.prepare("INSERT INTO ring_replication_samples VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  store::Statement metric = db.prepare("INSERT INTO metrics VALUES (?1, ?2)");
  for (const RingReplicationResult& r : results.replication) {
    const objectstore::ReplicationReport& rep = r.report;
    const bool full = r.finished && rep.fully_replicated;
    ring.reset();
    ring.bind_all(r.ring, std::int64_t{r.replicas}, rep.partitions, rep.stored_bytes,
                  rep.bytes_moved, rep.transfers, rep.failed_transfers, rep.partitions_repaired,
                  rep.handoffs_reverted, rep.first_event_s, 0.0, 0.0, full, r.finished);
    // Settled and time to full replication are only known once replication has ended.
    if (r.finished) {
      ring.bind(11, rep.settled_s);
    } else {
      ring.bind(11, std::nullopt);
    }
    if (full) {
      ring.bind(12, rep.time_to_full_replication_s);
    } else {
      ring.bind(12, std::nullopt);
    }
    ring.execute();
    for (const objectstore::ReplicaCountSample& s : rep.samples) {
      sample.reset();
      sample
          .bind_all(s.time_s, r.ring, under_replicated(s, r.replicas),
                    s.partitions.empty() ? std::int64_t{0} : s.partitions.front(),
                    nlohmann::json(s.partitions).dump(), s.bytes_moved, s.copies_pending)
          .execute();
    }
    metric.reset();
    metric.bind_all("rings." + r.ring + ".bytes_moved", static_cast<double>(rep.bytes_moved))
        .execute();
    metric.reset();
    metric.bind(1, "rings." + r.ring + ".time_to_full_replication_s");
    if (full) {
      metric.bind(2, rep.time_to_full_replication_s);
    } else {
      metric.bind(2, std::nullopt);
    }
    metric.execute();
  }
}

}  // namespace stacksim::scenarios
