#include "core/telemetry/instance_pollster.hpp"

#include <algorithm>
#include <set>

namespace stacksim::telemetry {

runtime::Task<std::vector<Sample>> InstancePollster::poll(runtime::TimePoint now) {
  std::vector<Sample> out;
  std::set<std::string> seen;
  for (const std::string& host : backend_.hosts()) {
    const std::vector<runtime::InstanceInfo> instances =
        co_await backend_.hypervisor(host).list_instances();
    for (const runtime::InstanceInfo& info : instances) {
      if (info.power_state != runtime::PowerState::running) continue;
      seen.insert(info.uuid);
      GuestCounters c;
      if (activity_ != nullptr) {
        c = activity_->counters(info, now);
      } else {
        c.cpu_time = info.cpu_time;
        c.memory_usage_mb = static_cast<double>(info.memory_mb);
      }
      const auto add = [&](const char* meter, const char* unit, double volume) {
        out.push_back({meter, unit, info.uuid, now, volume});
      };
      // cpu_util needs two readings (Ceilometer's rate-of-change transformer): none on the first.
      const auto prev = previous_.find(info.uuid);
      if (prev != previous_.end() && now > prev->second.at && info.vcpus > 0) {
        const double used = runtime::to_seconds(c.cpu_time - prev->second.cpu_time);
        const double elapsed = runtime::to_seconds(now - prev->second.at);
        add(meter_cpu_util, "%", std::clamp(100.0 * used / (elapsed * info.vcpus), 0.0, 100.0));
      }
      previous_[info.uuid] = {now, c.cpu_time};
      add(meter_memory_usage, "MB", c.memory_usage_mb);
      if (activity_ != nullptr) {
        add(meter_disk_read, "B", static_cast<double>(c.disk_read_bytes));
        add(meter_disk_write, "B", static_cast<double>(c.disk_write_bytes));
        add(meter_net_in, "B", static_cast<double>(c.network_incoming_bytes));
        add(meter_net_out, "B", static_cast<double>(c.network_outgoing_bytes));
      }
    }
  }
  std::erase_if(previous_, [&](const auto& entry) { return !seen.contains(entry.first); });
  co_return out;
}

}  // namespace stacksim::telemetry
