#include "sim/models/topology_json.hpp"

#include <exception>
#include <limits>

#include "sim/models/fat_tree.hpp"
#include "sim/models/leaf_spine.hpp"

namespace stacksim::sim {

namespace {

int small_integer(const JsonInput& at) {
  const std::int64_t v = at.integer();
  if (v < 0 || v > 1'000'000) at.fail("must be in 0..1000000, found " + std::to_string(v));
  return static_cast<int>(v);
}

template <class Build>
Topology build_checked(const JsonInput& at, Build build) {
  try {
    return build();
  } catch (const std::invalid_argument& e) {
    at.fail(e.what());
  }
}

Topology read_fat_tree(const JsonInput& in) {
  in.allow_only(
      {"k", "host_bandwidth", "fabric_bandwidth", "latency", "region", "availability_zones"});
  FatTreeSpec spec;
  spec.k = small_integer(in["k"]);
  if (auto v = in.find("host_bandwidth")) spec.host_bandwidth = v->positive();
  if (auto v = in.find("fabric_bandwidth")) spec.fabric_bandwidth = v->positive();
  if (auto v = in.find("latency")) spec.latency = v->non_negative();
  if (auto v = in.find("region")) spec.region = v->string();
  if (auto v = in.find("availability_zones")) spec.availability_zones = small_integer(*v);
  return build_checked(in, [&] { return build_fat_tree(spec); });
}

Topology read_leaf_spine(const JsonInput& in) {
  in.allow_only({"tiers", "pods", "leaves", "spines", "super_spines_per_plane", "hosts_per_leaf",
                 "host_bandwidth", "leaf_bandwidth", "spine_bandwidth", "latency", "region"});
  LeafSpineSpec spec;
  if (auto v = in.find("tiers")) spec.tiers = small_integer(*v);
  if (auto v = in.find("pods")) spec.pods = small_integer(*v);
  spec.leaves = small_integer(in["leaves"]);
  spec.spines = small_integer(in["spines"]);
  if (auto v = in.find("super_spines_per_plane")) spec.super_spines_per_plane = small_integer(*v);
  spec.hosts_per_leaf = small_integer(in["hosts_per_leaf"]);
  if (auto v = in.find("host_bandwidth")) spec.host_bandwidth = v->positive();
  if (auto v = in.find("leaf_bandwidth")) spec.leaf_bandwidth = v->positive();
  if (auto v = in.find("spine_bandwidth")) spec.spine_bandwidth = v->positive();
  if (auto v = in.find("latency")) spec.latency = v->non_negative();
  if (auto v = in.find("region")) spec.region = v->string();
  return build_checked(in, [&] { return build_leaf_spine(spec); });
}

NodeKind read_kind(const JsonInput& at) {
  const std::string kind = at.string();
  if (kind == "host") return NodeKind::host;
  if (kind == "switch") return NodeKind::network_switch;
  if (kind == "router") return NodeKind::router;
  at.fail("unknown node kind '" + kind + "' (expected host, switch or router)");
}

Topology read_explicit(const JsonInput& in) {
  Topology t;
  const JsonInput nodes = in["nodes"];
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const JsonInput node = nodes[i];
    node.allow_only({"name", "kind", "region", "availability_zone", "rack"});
    Location where;
    if (auto v = node.find("region")) where.region = v->string();
    if (auto v = node.find("availability_zone")) where.availability_zone = v->string();
    if (auto v = node.find("rack")) where.rack = v->string();
    const std::string name = node["name"].string();
    if (t.contains(name)) node["name"].fail("duplicate node '" + name + "'");
    t.add_node(name, read_kind(node["kind"]), where);
  }
  const JsonInput links = in["links"];
  for (std::size_t i = 0; i < links.size(); ++i) {
    const JsonInput link = links[i];
    link.allow_only({"from", "to", "bandwidth", "latency", "duplex"});
    const auto endpoint = [&t](const JsonInput& at) {
      const std::string name = at.string();
      if (!t.contains(name)) at.fail("unknown node '" + name + "'");
      return t.find(name);
    };
    const NodeId from = endpoint(link["from"]);
    const NodeId to = endpoint(link["to"]);
    if (from == to) link["to"].fail("a link joins two different nodes");
    const double bandwidth = link["bandwidth"].positive();
    const double latency = link["latency"].non_negative();
    const bool duplex = link.has("duplex") ? link["duplex"].boolean() : true;
    if (duplex) {
      t.add_cable(from, to, bandwidth, latency);
    } else {
      t.add_link(from, to, bandwidth, latency);
    }
  }
  if (auto cut = t.find_disconnected_host()) nodes[cut->host].fail(cut->problem);
  return t;
}

}  // namespace

Topology read_topology(const JsonInput& input) {
  if (auto spec = input.find("fat_tree")) {
    input.allow_only({"fat_tree"});
    return read_fat_tree(*spec);
  }
  if (auto spec = input.find("leaf_spine")) {
    input.allow_only({"leaf_spine"});
    return read_leaf_spine(*spec);
  }
  input.allow_only({"nodes", "links"});
  return read_explicit(input);
}

Topology read_topology_file(const std::string& file) {
  const nlohmann::json document = JsonInput::parse_file(file);
  return read_topology(JsonInput(document, file));
}

}  // namespace stacksim::sim
