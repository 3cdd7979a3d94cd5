#pragma once
// The ring_events and ring_replication sections: what an operator does to the scenario's Swift
// rings over simulated time (swift-ring-builder set_weight/add/remove/rebalance, a disk or a
// whole storage node failing and coming back), and how much data the replicators move for it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stacksim::scenarios {

struct RingEventSpec {
  double at_s = 0;
  std::string action;      // set_weight, add_device, remove_device, rebalance, fail_device,
                           // restore_device, fail_server, restore_server
  std::string ring;        // builder and device actions; empty for server actions (all rings)
  std::string host;        // device and server actions
  std::string device;      // device actions
  double weight = 0;       // set_weight, add_device
  int region = 1;          // add_device
  int zone = 0;            // add_device
  bool lose_data = false;  // fail_device: the disk dies (else unmounted)
  bool pretend_min_part_hours_passed = false;  // rebalance
};

struct RingReplicationSpec {
  std::int64_t min_objects = 100;  // objects per partition, uniform in [min, max]
  std::int64_t max_objects = 100;
  std::string object_size = "constant";               // constant, uniform, exponential, lognormal
  double object_bytes = 1 << 20;                      // constant value or exponential mean
  double min_object_bytes = 0, max_object_bytes = 0;  // uniform
  double mu = 0, sigma = 0;                           // lognormal (of ln bytes)
  std::int64_t concurrency = 1;                       // transfers per replicator
  std::string scope = "server";                       // server, device
  double interval_s = 30;
  double retry_s = 30;
  double rsync_bwlimit_bytes_per_s = 0;
  bool handoffs_for_unreachable_servers = true;
};

}  // namespace stacksim::scenarios
