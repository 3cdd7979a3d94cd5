#pragma once
// The report's replication progress (runs with ring_events): partitions under-replicated over
// time and bytes moved, per ring, and each ring's balance after every rebalance.

#include <string>

#include "core/store/database.hpp"

namespace stacksim::scenarios {

/// The HTML section; empty when the run recorded no ring rebalances or replication.
std::string replication_report_section(const store::Database& db);

}  // namespace stacksim::scenarios
