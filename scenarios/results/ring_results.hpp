#pragma once
// The ring tables of the results database (docs/results.md, "Rings"): their own store
// migrations (component "rings") and the rows of a run's ring events.

#include <vector>

#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "scenarios/rings/ring_run_results.hpp"

namespace stacksim::scenarios {

const std::vector<store::Migration>& ring_results_migrations();

/// Rebalances, per-ring replication totals and samples, and per-ring metrics
/// (rings.<ring>.bytes_moved, rings.<ring>.time_to_full_replication_s).
void write_ring_results(store::Database& db, const RingRunResults& results);

/// Partitions with fewer live replicas than `replicas` in one sample.
std::int64_t under_replicated(const objectstore::ReplicaCountSample& sample, int replicas);

}  // namespace stacksim::scenarios
