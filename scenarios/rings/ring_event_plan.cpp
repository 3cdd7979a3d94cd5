#include "scenarios/rings/ring_event_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "core/objectstore/digest.hpp"
#include "scenarios/scenario_error.hpp"
#include "sim/engine/random_streams.hpp"

namespace stacksim::scenarios {
namespace {

std::int64_t device_count(const objectstore::RingBuilder& builder) {
  return static_cast<std::int64_t>(std::count_if(builder.devs().begin(), builder.devs().end(),
                                                 [](const auto& d) { return d.has_value(); }));
}

std::string assignment_md5(const objectstore::RingBuilder& builder) {
  std::string bytes;
  for (const auto& row : builder.state().replica2part2dev) {
    for (const std::uint16_t dev : row) {
      bytes += static_cast<char>(dev & 0xff);
      bytes += static_cast<char>(dev >> 8);
    }
  }
  return objectstore::md5_hex(bytes);
}

RingRebalanceRecord initial_record(const ScenarioRing& ring) {
  RingRebalanceRecord r;
  r.ring = ring.name;
  for (const auto& dev : ring.builder.devs()) {
    if (dev) r.parts_moved += dev->parts;  // everything was placed
  }
  r.balance = ring.builder.get_balance();
  r.dispersion = ring.builder.dispersion();
  r.devices = device_count(ring.builder);
  r.new_ring = true;
  r.assignment_md5 = assignment_md5(ring.builder);
  return r;
}

// The device the scenario names by host and device name (checked by the loader).
int device_id(const objectstore::RingBuilder& builder, const std::string& host,
              const std::string& device) {
  objectstore::DeviceSearch search;
  search.ip = host;
  search.device = device;
  const auto found = builder.search_devs(search);
  return found.empty() ? -1 : found.front()->id;
}

class Planner {
 public:
  Planner(const Scenario& scenario, std::vector<ScenarioRing> rings, runtime::TimePoint start)
      : scenario_(scenario), start_(start) {
    plan_.final_rings = std::move(rings);
    for (const ScenarioRing& ring : plan_.final_rings) {
      plan_.rebalances.push_back(initial_record(ring));
      RingReplicationPlan replication;
      replication.ring = ring.name;
      replication.initial = ring.builder.get_ring();
      served_.push_back(device_ids(replication.initial));
      replication_.push_back(std::move(replication));
    }
  }

  RingEventPlan run() {
    const auto& events = scenario_.ring_events;
    std::vector<std::size_t> order(events.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return events[a].at_s < events[b].at_s; });
    for (const std::size_t i : order)
      apply(events[i], i);
    for (std::size_t r = 0; r < replication_.size(); ++r) {
      RingReplicationPlan& p = replication_[r];
      drop_unknown_servers(p);
      if (p.events.empty()) continue;
      p.config = ring_replicator_config(scenario_, plan_.final_rings[r]);
      plan_.replication.push_back(std::move(p));
    }
    return std::move(plan_);
  }

 private:
  std::size_t ring_index(const std::string& name) const {
    std::size_t i = 0;
    while (plan_.final_rings[i].name != name)
      ++i;
    return i;
  }

  void push(std::size_t ring, const RingEventSpec& e, objectstore::ReplicationEventKind kind,
            int device, std::string server_ip) {
    objectstore::ReplicationEvent event;
    event.time = start_ + runtime::from_seconds(e.at_s);
    event.kind = kind;
    event.device = device;
    event.server_ip = std::move(server_ip);
    replication_[ring].events.push_back(std::move(event));
  }

  static std::set<int> device_ids(const objectstore::RingData& data) {
    std::set<int> ids;
    for (const auto& dev : data.devs) {
      if (dev) ids.insert(dev->id);
    }
    return ids;
  }

  // The replicators know the devices of the rings pushed to the servers so far.
  int served_device(std::size_t r, const RingEventSpec& e, std::size_t index) const {
    const int id = device_id(plan_.final_rings[r].builder, e.host, e.device);
    if (!served_[r].contains(id)) {
      throw ScenarioError(scenario_.file, "/ring_events/" + std::to_string(index) + "/device",
                          "device " + e.device + " on " + e.host + " is not yet in the " + e.ring +
                              " ring the servers have (rebalance after adding it)");
    }
    return id;
  }

  void apply(const RingEventSpec& e, std::size_t index) {
    using Kind = objectstore::ReplicationEventKind;
    if (e.action == "fail_server" || e.action == "restore_server") {
      // A host down takes every ring's devices on it down.
      for (std::size_t r = 0; r < plan_.final_rings.size(); ++r) {
        push(r, e, e.action == "fail_server" ? Kind::server_down : Kind::server_up, -1, e.host);
      }
      return;
    }
    const std::size_t r = ring_index(e.ring);
    ScenarioRing& ring = plan_.final_rings[r];
    objectstore::RingBuilder& builder = ring.builder;
    if (e.action == "add_device") {
      builder.add_dev(objectstore::make_device(e.region, e.zone, e.host,
                                               swift_server_port(ring.name), e.device, e.weight));
      ring.hosts.host_by_ip[e.host] = e.host;
    } else if (e.action == "set_weight") {
      builder.set_dev_weight(device_id(builder, e.host, e.device), e.weight);
    } else if (e.action == "remove_device") {
      builder.remove_dev(device_id(builder, e.host, e.device));
    } else if (e.action == "fail_device") {
      push(r, e, e.lose_data ? Kind::device_failed : Kind::device_unmounted,
           served_device(r, e, index), "");
    } else if (e.action == "restore_device") {
      push(r, e, Kind::device_mounted, served_device(r, e, index), "");
    } else {
      rebalance(r, e);
    }
  }

  // swift-ring-builder saves a rebalance (builder and ring) only if it reassigned something and,
  // without device changes, moved balance or dispersion by at least 1 %; otherwise both files
  // stay as they were, which is what the builder is reset to here.
  static bool worth_saving(const objectstore::RingBuilder& before,
                           const objectstore::RingBuilder& after,
                           const objectstore::RebalanceResult& result) {
    if (result.parts_moved == 0 && result.removed_devices == 0) return false;
    if (before.devs_changed()) return true;
    constexpr double kMax = objectstore::RingBuilder::kMaxBalance;
    const double last = before.get_balance();
    const bool balance_changed =
        std::abs(last - result.balance) >= 1 || (last == kMax && result.balance == kMax);
    const auto& last_dispersion = before.state().dispersion;
    return balance_changed || !last_dispersion ||
           std::abs(*last_dispersion - after.dispersion()) >= 1;
  }

  void rebalance(std::size_t r, const RingEventSpec& e) {
    ScenarioRing& ring = plan_.final_rings[r];
    const objectstore::RingBuilder before = ring.builder;
    if (e.pretend_min_part_hours_passed) ring.builder.pretend_min_part_hours_passed();
    // Swift's clock is whole seconds; the ring was built at simulated second 0.
    const auto result =
        ring.builder.rebalance(scenario_.seed, static_cast<std::int64_t>(std::floor(e.at_s)));
    RingRebalanceRecord record;
    record.time_s = e.at_s;
    record.ring = ring.name;
    record.new_ring = worth_saving(before, ring.builder, result);
    if (!record.new_ring) ring.builder = before;
    record.parts_moved = record.new_ring ? result.parts_moved : 0;
    record.balance = ring.builder.get_balance();
    record.dispersion = ring.builder.dispersion();
    record.devices = device_count(ring.builder);
    record.removed_devices = record.new_ring ? result.removed_devices : 0;
    record.assignment_md5 = assignment_md5(ring.builder);
    plan_.rebalances.push_back(record);
    if (!record.new_ring) return;
    push(r, e, objectstore::ReplicationEventKind::rebalance, -1, "");
    replication_[r].events.back().ring = ring.builder.get_ring();
    served_[r].merge(device_ids(*replication_[r].events.back().ring));
  }

  // A server event concerns a ring only if one of the ring's versions has devices on it.
  static void drop_unknown_servers(RingReplicationPlan& p) {
    std::set<std::string> ips;
    const auto note = [&](const objectstore::RingData& data) {
      for (const auto& dev : data.devs) {
        if (dev) ips.insert(dev->ip);
      }
    };
    note(p.initial);
    for (const auto& event : p.events) {
      if (event.ring) note(*event.ring);
    }
    std::erase_if(p.events, [&](const objectstore::ReplicationEvent& event) {
      return !event.server_ip.empty() && !ips.contains(event.server_ip);
    });
  }

  const Scenario& scenario_;
  runtime::TimePoint start_;
  RingEventPlan plan_;
  std::vector<RingReplicationPlan> replication_;  // per ring, in ring order
  std::vector<std::set<int>> served_;             // per ring: device ids the servers know
};

}  // namespace

RingEventPlan plan_ring_events(const Scenario& scenario, std::vector<ScenarioRing> rings,
                               runtime::TimePoint start) {
  return Planner(scenario, std::move(rings), start).run();
}

objectstore::ReplicatorConfig ring_replicator_config(const Scenario& scenario,
                                                     const ScenarioRing& ring) {
  const RingReplicationSpec& spec = scenario.ring_replication;
  objectstore::ReplicatorConfig config;
  config.contents.min_objects = spec.min_objects;
  config.contents.max_objects = spec.max_objects;
  objectstore::ObjectSizeDistribution& size = config.contents.object_bytes;
  size.family = objectstore::object_size_family(spec.object_size);
  size.bytes = spec.object_bytes;
  size.min_bytes = spec.min_object_bytes;
  size.max_bytes = spec.max_object_bytes;
  size.mu = spec.mu;
  size.sigma = spec.sigma;
  config.concurrency = static_cast<std::size_t>(spec.concurrency);
  config.scope = spec.scope == "device" ? objectstore::ReplicatorScope::device
                                        : objectstore::ReplicatorScope::server;
  config.interval_s = spec.interval_s;
  config.retry_s = spec.retry_s;
  config.rsync_bwlimit_bytes_per_s = spec.rsync_bwlimit_bytes_per_s;
  config.handoffs_for_unreachable_servers = spec.handoffs_for_unreachable_servers;
  config.hosts = ring.hosts;
  // Each ring's partition contents from its own stream of the scenario seed.
  config.seed = sim::RandomStreams(scenario.seed).stream_seed("rings." + ring.name);
  return config;
}

}  // namespace stacksim::scenarios
