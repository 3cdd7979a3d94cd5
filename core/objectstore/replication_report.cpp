#include "core/objectstore/replication_report.hpp"

#include <nlohmann/json.hpp>

namespace stacksim::objectstore {

void to_json(nlohmann::json& out, const ReplicaCountSample& sample) {
  out = {{"time_s", sample.time_s},
         {"partitions_by_live_replicas", sample.partitions},
         {"bytes_moved", sample.bytes_moved},
         {"copies_pending", sample.copies_pending}};
}

void to_json(nlohmann::json& out, const ReplicationReport& report) {
  out = {{"partitions", report.partitions},
         {"stored_bytes", report.stored_bytes},
         {"bytes_moved", report.bytes_moved},
         {"transfers", report.transfers},
         {"failed_transfers", report.failed_transfers},
         {"partitions_repaired", report.partitions_repaired},
         {"handoffs_reverted", report.handoffs_reverted},
         {"first_event_s", report.first_event_s},
         {"settled_s", report.settled_s},
         {"time_to_full_replication_s", report.time_to_full_replication_s},
         {"fully_replicated", report.fully_replicated},
         {"samples", report.samples}};
}

}  // namespace stacksim::objectstore
