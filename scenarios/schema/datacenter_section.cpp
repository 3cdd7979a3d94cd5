#include <set>

#include "scenarios/schema/sections.hpp"

namespace stacksim::scenarios {
namespace {

constexpr std::int64_t kMaxHosts = 10'000'000;

PowerSpec read_power(const JsonFields& p) {
  PowerSpec power;
  power.idle_w = p.positive("idle_w", true);
  power.max_w = p.positive("max_w", true);
  if (power.max_w < power.idle_w) p.fail("max_w", "expected max_w >= idle_w");
  p.reject_unknown_keys();
  return power;
}

HostClass read_host_class(const JsonFields& c) {
  HostClass h;
  h.name = c.string("name");
  if (h.name.empty()) c.fail("name", "expected a non-empty name");
  h.role = c.choice("role", {"compute", "controller", "network", "storage"}, "compute");
  if (c.has("hostnames")) {
    h.hostnames = c.strings("hostnames");
    h.count = c.integer_or("count", static_cast<std::int64_t>(h.hostnames.size()));
    if (h.count != static_cast<std::int64_t>(h.hostnames.size())) {
      c.fail("count",
             "expected as many hosts as hostnames (" + std::to_string(h.hostnames.size()) + ")");
    }
  } else {
    h.count = c.integer_in("count", 1, kMaxHosts);
  }
  if (h.count < 1) c.fail("count", "expected at least one host");
  h.vcpus = c.integer_in("vcpus", 1, 1'000'000);
  h.memory_mb = c.integer_in("memory_mb", 1, std::int64_t{1} << 40);
  if (c.has("disk_gb")) h.disk_gb = c.integer_in("disk_gb", 0, std::int64_t{1} << 40);
  h.availability_zone = c.string_or("availability_zone", "nova");
  if (c.has("aggregates")) h.aggregates = c.strings("aggregates");
  if (c.has("properties")) h.properties = c.text_map("properties");
  if (c.has("cpu_allocation_ratio")) h.cpu_allocation_ratio = c.positive("cpu_allocation_ratio");
  if (c.has("ram_allocation_ratio")) h.ram_allocation_ratio = c.positive("ram_allocation_ratio");
  if (c.has("disk_allocation_ratio")) h.disk_allocation_ratio = c.positive("disk_allocation_ratio");
  if (c.has("power")) h.power = read_power(c.object("power"));
  c.reject_unknown_keys();
  return h;
}

TopologySpec read_topology(const JsonFields& t) {
  TopologySpec s;
  s.kind = t.choice("kind", {"none", "fat-tree", "leaf-spine"});
  if (s.kind == "fat-tree") {
    s.k = static_cast<int>(t.integer_in("k", 2, 256));
    if (s.k % 2 != 0) t.fail("k", "a fat-tree needs an even k");
    s.fabric_gbps = t.positive_or("fabric_gbps", s.fabric_gbps);
    s.availability_zones = static_cast<int>(t.integer_or("availability_zones", 1));
    if (s.availability_zones < 1 || s.availability_zones > s.k) {
      t.fail("availability_zones", "expected 1 to k zones");
    }
  } else if (s.kind == "leaf-spine") {
    s.tiers = static_cast<int>(t.integer_in("tiers", 2, 3));
    s.pods = static_cast<int>(t.has("pods") ? t.integer_in("pods", 1, 4096) : 1);
    if (s.tiers == 2 && s.pods != 1) t.fail("pods", "a two-tier fabric has one pod");
    s.leaves = static_cast<int>(t.integer_in("leaves", 1, 100000));
    s.spines = static_cast<int>(t.integer_in("spines", 1, 100000));
    if (s.tiers == 3) {
      s.super_spines_per_plane = static_cast<int>(t.integer_in("super_spines_per_plane", 1, 4096));
    }
    s.hosts_per_leaf = static_cast<int>(t.integer_in("hosts_per_leaf", 1, 100000));
    s.fabric_gbps = t.positive_or("leaf_gbps", s.fabric_gbps);
    s.spine_gbps = t.positive_or("spine_gbps", s.spine_gbps);
  }
  if (s.kind != "none") {
    s.host_gbps = t.positive_or("host_gbps", s.host_gbps);
    s.latency_us = t.positive_or("latency_us", s.latency_us, true);
  }
  t.reject_unknown_keys();
  return s;
}

SwiftRingSpec read_ring(const JsonFields& r, const std::set<std::string>& hosts) {
  SwiftRingSpec ring;
  ring.name = r.choice("name", {"account", "container", "object"}, "object");
  ring.part_power = static_cast<int>(r.integer_in("part_power", 1, 32));
  ring.replicas = r.positive("replicas");
  if (ring.replicas < 1) r.fail("replicas", "expected at least 1 replica");
  ring.min_part_hours = static_cast<int>(r.integer_or("min_part_hours", 1));
  if (ring.min_part_hours < 0) r.fail("min_part_hours", "expected hours >= 0");
  const auto& zones = r.array("zones");
  if (zones.empty()) r.fail("zones", "expected at least one zone");
  std::set<std::pair<std::string, std::string>> devices;
  std::size_t device_count = 0;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const JsonFields z = r.element(zones, i, "zones");
    SwiftZone zone;
    zone.region = static_cast<int>(z.has("region") ? z.integer_in("region", 0, 1 << 20) : 1);
    zone.zone = static_cast<int>(z.integer_in("zone", 0, 1 << 20));
    const auto& devs = z.array("devices");
    if (devs.empty()) z.fail("devices", "expected at least one device");
    for (std::size_t j = 0; j < devs.size(); ++j) {
      const JsonFields d = z.element(devs, j, "devices");
      SwiftDevice dev;
      dev.host = d.string("host");
      if (!hosts.contains(dev.host))
        d.fail("host", "no host \"" + dev.host + "\" in the datacenter");
      dev.device = d.string("device");
      if (!devices.emplace(dev.host, dev.device).second) {
        d.fail("device", "device " + dev.device + " on " + dev.host + " appears twice");
      }
      dev.weight = d.positive_or("weight", 100, true);
      dev.size_gb = d.positive("size_gb");
      d.reject_unknown_keys();
      zone.devices.push_back(dev);
      ++device_count;
    }
    z.reject_unknown_keys();
    ring.zones.push_back(std::move(zone));
  }
  if (ring.replicas > static_cast<double>(device_count)) {
    r.fail("replicas", "more replicas than devices (" + std::to_string(device_count) + ")");
  }
  r.reject_unknown_keys();
  return ring;
}

StorageSpec read_storage(const JsonFields& s, const std::set<std::string>& hosts) {
  StorageSpec storage;
  if (s.has("swift_rings")) {
    const auto& rings = s.array("swift_rings");
    std::set<std::string> names;
    for (std::size_t i = 0; i < rings.size(); ++i) {
      const JsonFields r = s.element(rings, i, "swift_rings");
      storage.rings.push_back(read_ring(r, hosts));
      if (!names.insert(storage.rings.back().name).second)
        r.fail("name", "a second ring of this name");
    }
  }
  if (s.has("block_backends")) {
    const auto& backends = s.array("block_backends");
    for (std::size_t i = 0; i < backends.size(); ++i) {
      const JsonFields b = s.element(backends, i, "block_backends");
      BlockBackend backend;
      backend.name = b.string("name");
      backend.host = b.string("host");
      if (!hosts.contains(backend.host)) {
        b.fail("host", "no host \"" + backend.host + "\" in the datacenter");
      }
      backend.capacity_gb = b.positive("capacity_gb");
      b.reject_unknown_keys();
      storage.block_backends.push_back(std::move(backend));
    }
  }
  s.reject_unknown_keys();
  return storage;
}

}  // namespace

std::vector<std::string> host_names(const DatacenterSpec& dc) {
  std::vector<std::string> names;
  for (const auto& c : dc.host_classes) {
    if (!c.hostnames.empty()) {
      names.insert(names.end(), c.hostnames.begin(), c.hostnames.end());
    } else {
      for (std::int64_t i = 0; i < c.count; ++i)
        names.push_back(c.name + "-" + std::to_string(i));
    }
  }
  return names;
}

DatacenterSpec read_datacenter(const JsonFields& dc) {
  DatacenterSpec spec;
  const auto& classes = dc.array("host_classes");
  if (classes.empty()) dc.fail("host_classes", "expected at least one host class");
  std::set<std::string> class_names;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const JsonFields c = dc.element(classes, i, "host_classes");
    spec.host_classes.push_back(read_host_class(c));
    if (!class_names.insert(spec.host_classes.back().name).second) {
      c.fail("name", "a second host class called \"" + spec.host_classes.back().name + "\"");
    }
    total += spec.host_classes.back().count;
    if (total > kMaxHosts) c.fail("count", "more than 10,000,000 hosts in all");
  }
  std::set<std::string> hosts;
  for (const auto& name : host_names(spec)) {
    if (!hosts.insert(name).second) {
      dc.fail("host_classes", "host name \"" + name + "\" is used twice");
    }
  }
  if (dc.has("topology")) spec.topology = read_topology(dc.object("topology"));
  if (dc.has("storage")) spec.storage = read_storage(dc.object("storage"), hosts);
  dc.reject_unknown_keys();
  return spec;
}

}  // namespace stacksim::scenarios
