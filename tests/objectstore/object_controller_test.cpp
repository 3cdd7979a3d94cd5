// The proxy's object placement: NodeIter order, handoffs for down primaries, PUT quorum, GET
// fall-through, with the bytes moved over a simulated datacenter.

#include <catch2/catch.hpp>

#include <algorithm>

#include "core/objectstore/object_controller.hpp"
#include "tests/objectstore/replication_fixture.hpp"

using namespace stacksim;
using namespace stacksim::objectstore;
using objectstore::testing::line_datacenter;
using objectstore::testing::one_device_per_host;
using objectstore::testing::run_to_end;

namespace {

const std::vector<std::string> kHosts{"proxy", "s1", "s2", "s3", "s4", "s5"};
const std::vector<std::string> kServers{"s1", "s2", "s3", "s4", "s5"};

Ring five_server_ring() {
  return Ring(one_device_per_host(6, 3, kServers).get_ring(), HashPathConfig{"", "salt"});
}

std::vector<int> ids(const std::vector<RingNode>& nodes) {
  std::vector<int> out;
  for (const RingNode& n : nodes)
    out.push_back(n.device.id);
  return out;
}

/// A proxy in front of five object servers on a simulated line of hosts (1 GB/s everywhere).
struct ProxyCluster {
  sim::Simulator simulator;
  sim::SimulatedBackend backend{simulator, line_datacenter(kHosts, 1e9, 1e9)};
  const Ring ring = five_server_ring();
  NodeHealth health;
  const ObjectController proxy{ring, health, {}};
  const ObjectPath path{"AUTH_test", "photos", "cat.jpg"};

  PutResult put(std::int64_t bytes) {
    return run_to_end(simulator, proxy.put(backend.storage(), "proxy", path, bytes));
  }
  GetResult get(std::int64_t bytes) {
    return run_to_end(simulator, proxy.get(backend.storage(), "proxy", path, bytes));
  }
};

}  // namespace

TEST_CASE("quorum_size and request_node_count follow Swift") {
  CHECK(quorum_size(3) == 2);
  CHECK(quorum_size(2) == 1);
  CHECK(quorum_size(4) == 2);
  CHECK(quorum_size(5) == 3);
  CHECK(default_request_node_count(3) == 6);
}

TEST_CASE("NodeIter yields primaries then handoffs, skipping down nodes, at most 2 x replicas") {
  const Ring ring = five_server_ring();
  const std::uint32_t part = ring.get_part("AUTH_test", "c", "o");
  const std::vector<int> primaries = ids(ring.get_part_nodes(part));
  const std::vector<int> handoffs = ids(ring.get_more_nodes(part));
  REQUIRE(primaries.size() == 3);
  REQUIRE(handoffs.size() == 2);

  NodeHealth all_up;
  std::vector<int> expected = primaries;
  expected.insert(expected.end(), handoffs.begin(), handoffs.end());
  CHECK(ids(iter_nodes(ring, part, all_up)) == expected);
  CHECK(ids(iter_nodes(ring, part, all_up, {.request_node_count = 4})) ==
        std::vector<int>(expected.begin(), expected.begin() + 4));

  NodeHealth second_down;
  second_down.unmounted_devices.insert(primaries[1]);
  CHECK(ids(iter_nodes(ring, part, second_down)) ==
        std::vector<int>{primaries[0], primaries[2], handoffs[0], handoffs[1]});

  NodeHealth server_down;  // by ip: the first handoff's server
  server_down.unreachable_ips.insert(ring.data().devs[handoffs[0]]->ip);
  CHECK(ids(iter_nodes(ring, part, server_down)) ==
        std::vector<int>{primaries[0], primaries[1], primaries[2], handoffs[1]});
}

TEST_CASE("shuffled primaries are a permutation fixed by the random stream") {
  const Ring ring = five_server_ring();
  const std::uint32_t part = ring.get_part("AUTH_test", "c", "o");
  runtime::Random a(42), b(42);
  const auto first = ids(iter_nodes(ring, part, {}, {.shuffle = &a}));
  const auto second = ids(iter_nodes(ring, part, {}, {.shuffle = &b}));
  CHECK(first == second);
  auto sorted_primaries = ids(ring.get_part_nodes(part));
  std::vector<int> head(first.begin(), first.begin() + 3);
  std::sort(head.begin(), head.end());
  std::sort(sorted_primaries.begin(), sorted_primaries.end());
  CHECK(head == sorted_primaries);
}

TEST_CASE("PUT writes to the primaries, a handoff replaces a down primary, quorum decides") {
  ProxyCluster cluster;
  const auto primaries = ids(cluster.proxy.put_nodes(cluster.path).nodes);
  const std::uint32_t part =
      cluster.ring.get_part(cluster.path.account, cluster.path.container, cluster.path.object);
  const auto handoffs = ids(cluster.ring.get_more_nodes(part));

  const PutResult healthy = cluster.put(1'000'000);
  CHECK(healthy.status == 201);
  CHECK(healthy.stored == 3);
  CHECK(healthy.quorum == 2);
  CHECK(ids(healthy.placement.nodes) == primaries);

  cluster.health.unmounted_devices.insert(primaries[0]);
  const PutResult degraded = cluster.put(1'000'000);
  CHECK(degraded.status == 201);
  CHECK(ids(degraded.placement.nodes) == std::vector<int>{primaries[1], primaries[2], handoffs[0]});

  // Every device but one down: one replica stored, below quorum.
  for (int id = 0; id < 5; ++id)
    cluster.health.unmounted_devices.insert(id);
  cluster.health.unmounted_devices.erase(handoffs[1]);
  const PutResult failed = cluster.put(1'000'000);
  CHECK(failed.status == 503);
  CHECK(failed.stored == 1);
}

TEST_CASE("GET reads from the first live node; the transfer time is the object over the path") {
  ProxyCluster cluster;
  const auto order = ids(cluster.proxy.get_nodes(cluster.path).nodes);
  cluster.health.unreachable_ips.insert(cluster.ring.data().devs[order[0]]->ip);
  const GetResult got = cluster.get(500'000'000);
  CHECK(got.status == 200);
  REQUIRE(got.served_by);
  CHECK(got.served_by->device.id == order[1]);
  // 5e8 bytes through disk read (1e9 B/s) and cables (1e9 B/s): 0.5 s.
  CHECK(runtime::to_seconds(cluster.simulator.now()) == Approx(0.5).epsilon(1e-9));

  for (int id = 0; id < 5; ++id)
    cluster.health.unmounted_devices.insert(id);
  const GetResult none = cluster.get(500'000'000);
  CHECK(none.status == 503);
  CHECK_FALSE(none.served_by);
}
