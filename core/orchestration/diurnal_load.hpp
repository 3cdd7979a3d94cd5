#pragma once
// A time-varying workload served by the members of an autoscaling group: the total CPU demand
// (in vCPUs of work) follows a diurnal sine, is shared evenly by the group's running members, and
// each member serves at most its vCPUs. As a GuestActivity it gives the guests' CPU time (so
// telemetry's cpu_util follows the load) and I/O counters proportional to the work done.

#include <cstdint>
#include <map>
#include <string>

#include "core/runtime/time.hpp"
#include "core/telemetry/guest_activity.hpp"
#include "core/telemetry/meter_store.hpp"

namespace stacksim::orchestration {

struct DiurnalDemand {
  double mean_vcpus = 4;   // average demand
  double amplitude = 0.6;  // relative swing: demand in mean * [1 - a, 1 + a]
  runtime::Duration period = std::chrono::hours(24);
  runtime::Duration trough_at{0};      // time of the lowest demand
  double bytes_per_vcpu_second = 1e6;  // disk and network traffic per unit of work

  [[nodiscard]] double at(runtime::TimePoint t) const;
};

class DiurnalLoad final : public telemetry::GuestActivity {
 public:
  /// The members are the telemetry group `group` of `meters` (an AutoScalingGroup's id).
  DiurnalLoad(DiurnalDemand demand, const telemetry::MeterStore& meters, std::string group)
      : demand_(demand), meters_(meters), group_(std::move(group)) {}

  telemetry::GuestCounters counters(const runtime::InstanceInfo& instance,
                                    runtime::TimePoint now) override;

  [[nodiscard]] const DiurnalDemand& demand() const noexcept { return demand_; }
  /// The demand each of `members` running members asks for (vCPUs).
  [[nodiscard]] double share(runtime::TimePoint now, std::size_t members) const;

 private:
  struct Guest {
    runtime::TimePoint last{};
    double cpu_seconds = 0;
  };

  DiurnalDemand demand_;
  const telemetry::MeterStore& meters_;
  std::string group_;
  std::map<std::string, Guest> guests_;
};

}  // namespace stacksim::orchestration
