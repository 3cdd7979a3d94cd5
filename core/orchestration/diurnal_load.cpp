#include "core/orchestration/diurnal_load.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stacksim::orchestration {

double DiurnalDemand::at(runtime::TimePoint t) const {
  const double phase =
      runtime::to_seconds(t.time_since_epoch() - trough_at) / runtime::to_seconds(period);
  return mean_vcpus * (1 - amplitude * std::cos(2 * std::numbers::pi * phase));
}

double DiurnalLoad::share(runtime::TimePoint now, std::size_t members) const {
  return members == 0 ? 0 : demand_.at(now) / static_cast<double>(members);
}

telemetry::GuestCounters DiurnalLoad::counters(const runtime::InstanceInfo& instance,
                                               runtime::TimePoint now) {
  const std::vector<std::string> members = meters_.group_members(group_);
  const bool member = std::binary_search(members.begin(), members.end(), instance.uuid);
  auto [it, fresh] = guests_.try_emplace(instance.uuid, Guest{now, 0});
  Guest& g = it->second;
  // Work since the last reading at the current share (the share changes only when demand or
  // the group does, both slow next to the polling interval).
  if (member && !fresh) {
    const double served = std::min(share(now, members.size()), static_cast<double>(instance.vcpus));
    g.cpu_seconds += served * runtime::to_seconds(now - g.last);
  }
  g.last = now;
  telemetry::GuestCounters c;
  c.cpu_time = runtime::from_seconds(g.cpu_seconds);
  c.memory_usage_mb = static_cast<double>(instance.memory_mb);
  const auto bytes = static_cast<std::int64_t>(g.cpu_seconds * demand_.bytes_per_vcpu_second);
  c.disk_read_bytes = bytes / 4;
  c.disk_write_bytes = bytes / 8;
  c.network_incoming_bytes = bytes;
  c.network_outgoing_bytes = bytes * 2;
  return c;
}

}  // namespace stacksim::orchestration
