#pragma once
// What a guest has done so far, as libvirt's domain statistics report it: cumulative CPU time and
// I/O byte counters, and the memory in use. A backend's InstanceInfo carries CPU time only; a
// workload model that drives the guests (the autoscaling experiment's diurnal load) supplies all
// of them through this interface.

#include <cstdint>

#include "core/runtime/hypervisor_driver.hpp"

namespace stacksim::telemetry {

struct GuestCounters {
  runtime::Duration cpu_time{0};
  double memory_usage_mb = 0;
  std::int64_t disk_read_bytes = 0;
  std::int64_t disk_write_bytes = 0;
  std::int64_t network_incoming_bytes = 0;
  std::int64_t network_outgoing_bytes = 0;
};

class GuestActivity {
 public:
  GuestActivity() = default;
  GuestActivity(const GuestActivity&) = delete;
  GuestActivity& operator=(const GuestActivity&) = delete;
  virtual ~GuestActivity() = default;

  /// The counters of a running instance at `now` (never decreasing between calls).
  virtual GuestCounters counters(const runtime::InstanceInfo& instance, runtime::TimePoint now) = 0;
};

}  // namespace stacksim::telemetry
