#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "sim/models/ecmp_routing.hpp"
#include "sim/models/fat_tree.hpp"
#include "sim/models/leaf_spine.hpp"
#include "sim/models/topology_json.hpp"

using namespace stacksim;
using sim::EcmpRouting;
using sim::Topology;

namespace {

// A route is a chain of links from source to destination.
void check_chain(const Topology& t, const std::vector<sim::LinkId>& route, sim::NodeId source,
                 sim::NodeId destination) {
  REQUIRE_FALSE(route.empty());
  sim::NodeId at = source;
  for (sim::LinkId id : route) {
    REQUIRE(t.link(id).from == at);
    at = t.link(id).to;
  }
  CHECK(at == destination);
}

Topology from_json(const std::string& text) {
  const auto doc = nlohmann::json::parse(text);
  return sim::read_topology(sim::JsonInput(doc, "topo.json"));
}

}  // namespace

TEST_CASE("k=4 fat-tree: sizes, hierarchy and equal-cost paths") {
  const Topology t = sim::build_fat_tree({.k = 4, .availability_zones = 2});
  CHECK(t.hosts().size() == 16);
  CHECK(t.node_count() == 16 + 8 + 8 + 4);
  CHECK(t.link_count() == 2 * (16 + 16 + 16));
  CHECK(t.regions() == std::vector<std::string>{"region-1"});
  CHECK(t.availability_zones() == std::vector<std::string>{"region-1/az-1", "region-1/az-2"});
  CHECK(t.racks().size() == 8);
  CHECK(t.hosts_in({"region-1", "az-2", ""}).size() == 8);
  CHECK(t.hosts_in({"", "", "rack-3-1"}).size() == 2);
  t.check_hosts_connected();

  const EcmpRouting routing(t);
  const auto h = [&](const char* name) { return t.find(name); };
  CHECK(routing.hops(h("host-0-0-0"), h("host-0-0-1")) == 2);
  CHECK(routing.equal_cost_paths(h("host-0-0-0"), h("host-0-0-1")) == 1);
  CHECK(routing.hops(h("host-0-0-0"), h("host-0-1-0")) == 4);
  CHECK(routing.equal_cost_paths(h("host-0-0-0"), h("host-0-1-0")) == 2);
  CHECK(routing.hops(h("host-0-0-0"), h("host-3-1-1")) == 6);
  CHECK(routing.equal_cost_paths(h("host-0-0-0"), h("host-3-1-1")) == 4);
}

TEST_CASE("k=16 fat-tree has 1024 hosts and (k/2)^2 paths between pods") {
  const Topology t = sim::build_fat_tree({.k = 16});
  CHECK(t.hosts().size() == 1024);
  const EcmpRouting routing(t);
  CHECK(routing.equal_cost_paths(t.find("host-0-0-0"), t.find("host-15-7-7")) == 64);
}

TEST_CASE("ECMP: a flow hash always picks the same path; hashes spread over all paths") {
  const Topology t = sim::build_fat_tree({.k = 4});
  const EcmpRouting routing(t);
  const auto src = t.find("host-0-0-0");
  const auto dst = t.find("host-2-1-0");
  std::set<std::vector<sim::LinkId>> seen;
  for (std::uint64_t flow = 0; flow < 200; ++flow) {
    const auto hash = EcmpRouting::flow_hash(src, dst, flow);
    const auto route = routing.route(src, dst, hash);
    check_chain(t, route, src, dst);
    CHECK(route == routing.route(src, dst, hash));
    seen.insert(route);
  }
  CHECK(seen.size() == 4);
}

TEST_CASE("ECMP avoids unusable links and reports when nothing is left") {
  const Topology t = sim::build_fat_tree({.k = 4});
  EcmpRouting routing(t);
  const auto src = t.find("host-0-0-0");
  const auto dst = t.find("host-0-1-0");
  // Take aggregation switch 0 of pod 0 out of the edge-0 -> agg direction.
  const auto edge = t.find("edge-0-0");
  const auto agg = t.find("agg-0-0");
  for (sim::LinkId id = 0; id < t.link_count(); ++id) {
    if (t.link(id).from == edge && t.link(id).to == agg) routing.set_link_usable(id, false);
  }
  CHECK(routing.equal_cost_paths(src, dst) == 1);
  for (std::uint64_t flow = 0; flow < 20; ++flow) {
    for (sim::LinkId id : routing.route(src, dst, EcmpRouting::flow_hash(src, dst, flow))) {
      CHECK(routing.link_usable(id));
    }
  }
  // The host's only uplink down: unreachable, and the error names both ends.
  for (sim::LinkId id = 0; id < t.link_count(); ++id) {
    if (t.link(id).from == src) routing.set_link_usable(id, false);
  }
  CHECK(routing.hops(src, dst) == -1);
  CHECK_THROWS_WITH(routing.route(src, dst, 1),
                    Catch::Contains("no route from 'host-0-0-0' to 'host-0-1-0'"));
}

TEST_CASE("two- and three-tier leaf-spine") {
  const Topology two = sim::build_leaf_spine({.leaves = 4, .spines = 3, .hosts_per_leaf = 2});
  CHECK(two.hosts().size() == 8);
  const EcmpRouting r2(two);
  CHECK(r2.equal_cost_paths(two.find("host-0-0-0"), two.find("host-0-3-1")) == 3);

  const Topology three = sim::build_leaf_spine({.tiers = 3,
                                                .pods = 3,
                                                .leaves = 2,
                                                .spines = 2,
                                                .super_spines_per_plane = 3,
                                                .hosts_per_leaf = 2});
  CHECK(three.hosts().size() == 12);
  CHECK(three.availability_zones().size() == 3);
  const EcmpRouting r3(three);
  const auto a = three.find("host-0-0-0");
  const auto b = three.find("host-2-1-1");
  CHECK(r3.hops(a, b) == 6);
  CHECK(r3.equal_cost_paths(a, b) == 2 * 3);
  three.check_hosts_connected();
  CHECK_THROWS_WITH(sim::build_leaf_spine({.tiers = 2, .pods = 2}),
                    Catch::Contains("two-tier leaf-spine has one pod"));
}

TEST_CASE("explicit JSON topology with regions, zones and racks") {
  const Topology t = from_json(R"({
    "nodes": [
      {"name": "h1", "kind": "host", "region": "r1", "availability_zone": "az1", "rack": "k1"},
      {"name": "h2", "kind": "host", "region": "r1", "availability_zone": "az2", "rack": "k2"},
      {"name": "tor", "kind": "switch"},
      {"name": "gw", "kind": "router"}],
    "links": [
      {"from": "h1", "to": "tor", "bandwidth": 1.25e9, "latency": 1e-6},
      {"from": "h2", "to": "tor", "bandwidth": 1.25e9, "latency": 1e-6},
      {"from": "tor", "to": "gw", "bandwidth": 5e9, "latency": 0, "duplex": false}]})");
  CHECK(t.hosts().size() == 2);
  CHECK(t.link_count() == 5);
  CHECK(t.node(t.find("gw")).kind == sim::NodeKind::router);
  CHECK(t.availability_zones() == std::vector<std::string>{"r1/az1", "r1/az2"});
  const EcmpRouting routing(t);
  check_chain(t, routing.route(t.find("h1"), t.find("h2"), 7), t.find("h1"), t.find("h2"));

  const Topology built = from_json(R"({"fat_tree": {"k": 4, "availability_zones": 4}})");
  CHECK(built.availability_zones().size() == 4);
}

TEST_CASE("bad topologies name the element") {
  const auto error = [](const std::string& text) -> std::string {
    try {
      from_json(text);
    } catch (const sim::InputError& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string two_hosts =
      R"("nodes": [{"name": "a", "kind": "host"}, {"name": "b", "kind": "host"},
                   {"name": "s", "kind": "switch"}])";
  CHECK(error("{" + two_hosts +
              R"(, "links": [{"from": "a", "to": "x", "bandwidth": 1, "latency": 0}]})") ==
        "topo.json: /links/0/to: unknown node 'x'");
  CHECK(error("{" + two_hosts +
              R"(, "links": [{"from": "a", "to": "s", "bandwidth": -5, "latency": 0}]})") ==
        "topo.json: /links/0/bandwidth: must be > 0, found -5");
  CHECK(error("{" + two_hosts +
              R"(, "links": [{"from": "a", "to": "s", "bandwidth": 1, "latency": 0}]})") ==
        "topo.json: /nodes/1: host 'b' cannot exchange traffic with host 'a' (disconnected host)");
  CHECK(error("{" + two_hosts +
              R"(, "links": [{"from": "b", "to": "s", "bandwidth": 1, "latency": 0}]})") ==
        "topo.json: /nodes/0: host 'a' cannot exchange traffic with host 'b' (disconnected host)");
  CHECK(error(R"({"nodes": [{"name": "a", "kind": "host"}, {"name": "a", "kind": "switch"}],
                  "links": []})") == "topo.json: /nodes/1/name: duplicate node 'a'");
  CHECK(error(R"({"nodes": [{"name": "a", "kind": "hub"}], "links": []})") ==
        "topo.json: /nodes/0/kind: unknown node kind 'hub' (expected host, switch or router)");
  CHECK(error(R"({"fat_tree": {"k": 5}})") ==
        "topo.json: /fat_tree: fat-tree k must be even and >= 2, got 5");
  CHECK(error(R"({"fat_tree": {"k": 4, "colour": 1}})").find("/fat_tree/colour: unknown field") !=
        std::string::npos);
}
