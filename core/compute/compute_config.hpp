#pragma once
// Compute configuration: the scheduler's options (filters, weighers, allocation ratios,
// service_down_time, max_attempts, default availability zone) plus the compute API's and
// nova-compute's own.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/runtime/time.hpp"
#include "core/scheduler/config.hpp"

namespace stacksim::compute {

struct ComputeConfig {
  scheduler::SchedulerConfig scheduler;
  /// Seconds between two heartbeats of a nova-compute service ([DEFAULT] report_interval).
  runtime::Duration report_interval = std::chrono::seconds(10);
  /// Whether a resize or cold migration may pick the instance's current host.
  bool allow_resize_to_same_host = false;
  /// Names of multi-create instances: "%(name)s-%(count)d" (count from 1) or "%(name)s-%(uuid)s".
  std::string multi_instance_display_name_template = "%(name)s-%(count)d";
  /// Seeds instance, migration, aggregate and server group uuids.
  std::uint64_t id_seed = 3;

  [[nodiscard]] runtime::Duration service_down_time() const {
    return runtime::from_seconds(scheduler.service_down_time_s);
  }
};

}  // namespace stacksim::compute
