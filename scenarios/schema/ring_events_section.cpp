// The ring_events and ring_replication sections (docs/scenarios.md, "Ring events"). Events are
// checked against the rings as they will be when each happens (in time order): a device must be
// in its ring (from swift_rings or an earlier add_device, not removed since), a restore must
// follow a failure.

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "scenarios/schema/sections.hpp"

namespace stacksim::scenarios {
namespace {

using DeviceKey = std::pair<std::string, std::string>;  // host, device

struct RingTimeline {
  std::map<std::string, std::set<DeviceKey>> devices;  // ring -> devices in it
  std::set<std::pair<std::string, DeviceKey>> failed_devices;
  std::set<std::string> failed_servers;
};

RingEventSpec read_ring_event(const JsonFields& e, const DatacenterSpec& dc,
                              const std::set<std::string>& hosts) {
  RingEventSpec s;
  s.at_s = e.positive("at_s", true);
  s.action = e.choice("action", {"set_weight", "add_device", "remove_device", "rebalance",
                                 "fail_device", "restore_device", "fail_server", "restore_server"});
  const bool server_action = s.action == "fail_server" || s.action == "restore_server";
  if (!server_action) {
    s.ring = e.string("ring");
    const bool known = std::any_of(dc.storage.rings.begin(), dc.storage.rings.end(),
                                   [&](const SwiftRingSpec& r) { return r.name == s.ring; });
    if (!known) e.fail("ring", "no ring \"" + s.ring + "\" in datacenter.storage.swift_rings");
  }
  if (s.action != "rebalance") {
    s.host = e.string("host");
    if (!hosts.contains(s.host)) e.fail("host", "no host \"" + s.host + "\" in the datacenter");
  }
  if (s.action != "rebalance" && !server_action) s.device = e.string("device");
  if (s.action == "set_weight" || s.action == "add_device") {
    s.weight = e.positive("weight", true);
  }
  if (s.action == "add_device") {
    s.region = static_cast<int>(e.has("region") ? e.integer_in("region", 0, 1 << 20) : 1);
    s.zone = static_cast<int>(e.integer_in("zone", 0, 1 << 20));
  }
  if (s.action == "fail_device") s.lose_data = e.boolean_or("lose_data", false);
  if (s.action == "rebalance") {
    s.pretend_min_part_hours_passed = e.boolean_or("pretend_min_part_hours_passed", false);
  }
  e.reject_unknown_keys();
  return s;
}

// Replays the events in time order against the rings' device lists.
void check_timeline(const JsonFields& scenario, const DatacenterSpec& dc,
                    const std::vector<RingEventSpec>& events,
                    const std::vector<std::size_t>& order) {
  RingTimeline t;
  std::set<std::string> storage_hosts;
  for (const SwiftRingSpec& ring : dc.storage.rings) {
    for (const SwiftZone& zone : ring.zones) {
      for (const SwiftDevice& dev : zone.devices) {
        t.devices[ring.name].emplace(dev.host, dev.device);
        storage_hosts.insert(dev.host);
      }
    }
  }
  const auto& list = scenario.array("ring_events");
  for (const std::size_t i : order) {
    const RingEventSpec& e = events[i];
    const JsonFields f = scenario.element(list, i, "ring_events");
    const DeviceKey key{e.host, e.device};
    const std::string named = "device " + e.device + " on " + e.host;
    if (e.action == "add_device") {
      if (!t.devices[e.ring].insert(key).second) {
        f.fail("device", named + " is already in the " + e.ring + " ring");
      }
      storage_hosts.insert(e.host);
    } else if (e.action == "fail_server" || e.action == "restore_server") {
      if (!storage_hosts.contains(e.host)) f.fail("host", e.host + " holds no ring device");
      if (e.action == "fail_server" && !t.failed_servers.insert(e.host).second) {
        f.fail("action", e.host + " is already down");
      }
      if (e.action == "restore_server" && t.failed_servers.erase(e.host) == 0) {
        f.fail("action", e.host + " is not down");
      }
    } else if (e.action != "rebalance") {
      if (!t.devices[e.ring].contains(key)) {
        f.fail("device",
               named + " is not in the " + e.ring + " ring at " + std::to_string(e.at_s) + " s");
      }
      if (e.action == "remove_device") t.devices[e.ring].erase(key);
      if (e.action == "fail_device" && !t.failed_devices.emplace(e.ring, key).second) {
        f.fail("action", named + " has already failed");
      }
      if (e.action == "restore_device" && t.failed_devices.erase({e.ring, key}) == 0) {
        f.fail("action", named + " has not failed");
      }
    }
  }
}

}  // namespace

std::vector<RingEventSpec> read_ring_events(const JsonFields& scenario, const DatacenterSpec& dc) {
  std::vector<RingEventSpec> events;
  if (!scenario.has("ring_events")) return events;
  const std::vector<std::string> names = host_names(dc);
  const std::set<std::string> hosts(names.begin(), names.end());
  const auto& list = scenario.array("ring_events");
  for (std::size_t i = 0; i < list.size(); ++i) {
    events.push_back(read_ring_event(scenario.element(list, i, "ring_events"), dc, hosts));
  }
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return events[a].at_s < events[b].at_s; });
  check_timeline(scenario, dc, events, order);
  return events;
}

RingReplicationSpec read_ring_replication(const JsonFields& r) {
  RingReplicationSpec s;
  if (r.has("objects_per_partition")) {
    s.min_objects = s.max_objects = r.integer_in("objects_per_partition", 0, std::int64_t{1} << 40);
  } else {
    s.min_objects = r.has("min_objects") ? r.integer_in("min_objects", 0, std::int64_t{1} << 40)
                                         : s.min_objects;
    s.max_objects = r.has("max_objects")
                        ? r.integer_in("max_objects", s.min_objects, std::int64_t{1} << 40)
                        : std::max(s.max_objects, s.min_objects);
  }
  s.object_size =
      r.choice("object_size", {"constant", "uniform", "exponential", "lognormal"}, "constant");
  if (s.object_size == "constant" || s.object_size == "exponential") {
    s.object_bytes = r.positive_or("object_bytes", s.object_bytes);
  } else if (s.object_size == "uniform") {
    s.min_object_bytes = r.positive("min_object_bytes", true);
    s.max_object_bytes = r.positive("max_object_bytes");
    if (s.max_object_bytes < s.min_object_bytes) {
      r.fail("max_object_bytes", "expected at least min_object_bytes");
    }
  } else {
    s.mu = r.number("mu");
    s.sigma = r.positive("sigma");
  }
  if (r.has("concurrency")) s.concurrency = r.integer_in("concurrency", 1, 1024);
  s.scope = r.choice("scope", {"server", "device"}, "server");
  s.interval_s = r.positive_or("interval_s", s.interval_s, true);
  s.retry_s = r.positive_or("retry_s", s.retry_s);
  s.rsync_bwlimit_bytes_per_s = r.positive_or("rsync_bwlimit_bytes_per_s", 0, true);
  s.handoffs_for_unreachable_servers = r.boolean_or("handoffs_for_unreachable_servers", true);
  r.reject_unknown_keys();
  return s;
}

}  // namespace stacksim::scenarios
