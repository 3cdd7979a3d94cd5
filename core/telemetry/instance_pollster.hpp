#pragma once
// Ceilometer's compute pollsters over the Backend: every running instance on every host gives
// cpu_util (the rate of change of CPU time over the polling interval, per vCPU, in %), memory.usage
// and - when a GuestActivity supplies I/O counters - the cumulative disk and network byte meters.
// Without a GuestActivity the counters are the backend's InstanceInfo (CPU time; memory.usage is
// the allocated memory, as libvirt reports without a balloon driver).

#include <map>
#include <memory>
#include <string>

#include "core/runtime/backend.hpp"
#include "core/telemetry/guest_activity.hpp"
#include "core/telemetry/pollster.hpp"

namespace stacksim::telemetry {

class InstancePollster final : public Pollster {
 public:
  /// The pollster shares `activity` (it outlives whoever made it, as the service keeps it).
  explicit InstancePollster(runtime::Backend& backend,
                            std::shared_ptr<GuestActivity> activity = nullptr)
      : backend_(backend), activity_(std::move(activity)) {}

  runtime::Task<std::vector<Sample>> poll(runtime::TimePoint now) override;

 private:
  struct Previous {
    runtime::TimePoint at{};
    runtime::Duration cpu_time{0};
  };

  runtime::Backend& backend_;
  std::shared_ptr<GuestActivity> activity_;
  std::map<std::string, Previous> previous_;  // by instance uuid
};

}  // namespace stacksim::telemetry
