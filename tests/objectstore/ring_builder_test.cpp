#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/objectstore/dispersion.hpp"
#include "core/objectstore/replica_plan.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "core/objectstore/ring_errors.hpp"

using namespace stacksim::objectstore;

namespace {

constexpr std::int64_t kNow = 1700000000;

Device make_dev(int region, int zone, int server, int disk, double weight) {
  Device d;
  d.region = region;
  d.zone = zone;
  d.ip = "10." + std::to_string(region) + "." + std::to_string(zone) + "." + std::to_string(server);
  d.port = 6200;
  d.replication_ip = d.ip;
  d.replication_port = 6200;
  d.device = "sd" + std::string(1, static_cast<char>('a' + disk));
  d.weight = weight;
  return d;
}

RingBuilder zones_builder(int part_power, int zones, int disks, int min_part_hours = 1) {
  RingBuilder b(part_power, 3, min_part_hours);
  for (int z = 1; z <= zones; ++z) {
    for (int d = 0; d < disks; ++d)
      b.add_dev(make_dev(1, z, 0, d, 100.0 * (1 + d % 2)));
  }
  return b;
}

// Partitions whose replicas moved between two assignments, and the most replicas one part lost.
std::pair<std::int64_t, std::int64_t> moved(const RingBuilderState& before,
                                            const RingBuilderState& after) {
  std::int64_t slots = 0;
  std::int64_t worst = 0;
  for (std::int64_t p = 0; p < before.parts; ++p) {
    std::int64_t here = 0;
    for (std::size_t r = 0; r < before.replica2part2dev.size(); ++r) {
      if (before.replica2part2dev[r][static_cast<std::size_t>(p)] !=
          after.replica2part2dev[r][static_cast<std::size_t>(p)])
        ++here;
    }
    slots += here;
    worst = std::max(worst, here);
  }
  return {slots, worst};
}

}  // namespace

TEST_CASE("a first rebalance assigns every replica, balanced and dispersed") {
  RingBuilder b = zones_builder(8, 4, 3);
  const RebalanceResult r = b.rebalance(1, kNow);
  CHECK(r.parts_moved == 3 * 256);
  CHECK(r.removed_devices == 0);
  CHECK(b.dispersion() == 0.0);
  CHECK(r.balance < 2.0);
  CHECK_NOTHROW(b.validate());
  const auto [usage, worst] = b.validate_with_stats();
  CHECK(worst == Approx(r.balance));
  std::int64_t total = 0;
  for (auto n : usage)
    total += n;
  CHECK(total == 3 * 256);
}

TEST_CASE("rebalance needs as many weighted devices as replicas") {
  RingBuilder b(4, 3, 1);
  b.add_dev(make_dev(1, 1, 0, 0, 100));
  b.add_dev(make_dev(1, 2, 0, 0, 100));
  CHECK_THROWS_WITH(b.rebalance(1, kNow), "Replica count of 3.0 requires more than 2 devices");
  RingBuilder empty(4, 3, 1);
  CHECK_THROWS_AS(empty.get_balance(), EmptyRingError);
}

TEST_CASE("adding a zone moves at most one replica per partition and respects min_part_hours") {
  RingBuilder b = zones_builder(10, 4, 2, 1);
  b.rebalance(1, kNow);
  for (int d = 0; d < 2; ++d)
    b.add_dev(make_dev(1, 5, 0, d, 100.0 * (1 + d % 2)));
  // Within min_part_hours nothing that just moved may move again: every part moved at build.
  const RingBuilderState before = b.state();
  const RebalanceResult young = b.rebalance(2, kNow + 60);
  CHECK(young.parts_moved == 0);
  b.pretend_min_part_hours_passed();
  const RebalanceResult r = b.rebalance(3, kNow + 120);
  CHECK(r.parts_moved > 0);
  const auto [slots, worst] = moved(before, b.state());
  CHECK(slots == r.parts_moved);
  CHECK(worst == 1);
  CHECK_NOTHROW(b.validate());
  // About a fifth of the replicas belong on the new zone.
  CHECK(r.parts_moved == Approx(3 * 1024 / 5).epsilon(0.02));
}

TEST_CASE("removing a device moves only its partitions, even young ones") {
  RingBuilder b = zones_builder(10, 4, 3, 24);
  b.rebalance(1, kNow);
  const RingBuilderState before = b.state();
  const std::int64_t held = b.dev(4)->parts;
  b.remove_dev(4);
  CHECK(b.marked_for_removal(4));
  CHECK_THROWS_WITH(b.set_dev_weight(4, 10), Catch::Contains("marked for removal"));
  const RebalanceResult r = b.rebalance(2, kNow + 60);
  CHECK(r.removed_devices == 1);
  CHECK(b.dev(4) == nullptr);
  CHECK(r.parts_moved == held);
  std::int64_t touched_other = 0;
  for (std::size_t rr = 0; rr < before.replica2part2dev.size(); ++rr) {
    for (std::size_t p = 0; p < before.replica2part2dev[rr].size(); ++p) {
      if (before.replica2part2dev[rr][p] != 4 &&
          before.replica2part2dev[rr][p] != b.state().replica2part2dev[rr][p]) {
        ++touched_other;
      }
    }
  }
  CHECK(touched_other == 0);
  CHECK_NOTHROW(b.validate());
  // The freed id is reused by the next device.
  CHECK(b.add_dev(make_dev(1, 1, 5, 0, 100)) == 4);
}

TEST_CASE("fractional replicas make a short last row") {
  RingBuilder b(6, 2.5, 0);
  for (int z = 1; z <= 4; ++z)
    b.add_dev(make_dev(1, z, 0, 0, 100));
  b.rebalance(5, kNow);
  REQUIRE(b.state().replica2part2dev.size() == 3);
  CHECK(b.state().replica2part2dev[2].size() == 32);
  CHECK(b.get_ring().replica_count() == Approx(2.5));
  CHECK_NOTHROW(b.validate());
  b.set_replicas(3);
  CHECK(b.devs_changed());
  b.pretend_min_part_hours_passed();
  b.rebalance(6, kNow);
  CHECK(b.state().replica2part2dev[2].size() == 64);
  CHECK_NOTHROW(b.validate());
}

TEST_CASE("overload trades balance for dispersion") {
  // Zone 1 holds half the weight but can only usefully take one replica of three.
  RingBuilder b(8, 3, 0);
  b.add_dev(make_dev(1, 1, 0, 0, 300));
  b.add_dev(make_dev(1, 2, 0, 0, 150));
  b.add_dev(make_dev(1, 3, 0, 0, 150));
  b.add_dev(make_dev(1, 1, 1, 0, 300));
  CHECK(b.get_required_overload() > 0);
  b.rebalance(1, kNow);
  const double dispersion_without = b.dispersion();
  b.set_overload(b.get_required_overload());
  b.pretend_min_part_hours_passed();
  b.rebalance(2, kNow);
  CHECK(b.dispersion() <= dispersion_without);
}

TEST_CASE("replica plan sums to the replica count at every depth") {
  RingBuilder b(8, 3, 0);
  for (int r = 1; r <= 2; ++r) {
    for (int z = 1; z <= 3; ++z)
      b.add_dev(make_dev(r, z, 0, 0, 100.0 * z));
  }
  const TierTree tree = TierTree::build(b.devs());
  const RingLayout layout{b.devs(), tree, 3, 256, 0};
  const auto plan = build_replica_plan(layout);
  const auto parts = parts_by_tier(layout, plan);
  for (int depth = 0; depth <= kTierDepth; ++depth) {
    double target = 0;
    std::int64_t wanted = 0;
    for (int t = 0; t < tree.size(); ++t) {
      if (tree.tier(t).depth != depth) continue;
      target += plan[static_cast<std::size_t>(t)].target;
      wanted += parts[static_cast<std::size_t>(t)];
    }
    if (depth > 0) CHECK(target == Approx(3.0));
    CHECK(wanted == 768);
  }
}

TEST_CASE("draining a device to weight 0 empties it without other moves") {
  RingBuilder b = zones_builder(9, 4, 3, 0);
  b.rebalance(1, kNow);
  b.set_dev_weight(1, 0);
  b.rebalance(2, kNow);
  CHECK(b.dev(1)->parts == 0);
  CHECK(b.get_balance() < RingBuilder::kMaxBalance);
  CHECK_NOTHROW(b.validate());
}

TEST_CASE("increasing the partition power doubles every partition in place") {
  RingBuilder b = zones_builder(6, 4, 2, 0);
  b.rebalance(1, kNow);
  const RingBuilderState before = b.state();
  CHECK_FALSE(b.increase_partition_power());
  CHECK(b.prepare_increase_partition_power());
  CHECK_FALSE(b.prepare_increase_partition_power());
  CHECK(b.increase_partition_power());
  CHECK(b.part_power() == 7);
  CHECK(b.parts() == 128);
  for (std::size_t r = 0; r < 3; ++r) {
    for (std::size_t p = 0; p < 64; ++p) {
      CHECK(b.state().replica2part2dev[r][2 * p] == before.replica2part2dev[r][p]);
      CHECK(b.state().replica2part2dev[r][2 * p + 1] == before.replica2part2dev[r][p]);
    }
  }
  CHECK_NOTHROW(b.validate());
  CHECK_FALSE(b.cancel_increase_partition_power());
  CHECK(b.finish_increase_partition_power());
  CHECK_FALSE(b.state().next_part_power.has_value());
}

TEST_CASE("the dispersion report names the worst tier") {
  RingBuilder b(6, 3, 0);
  b.add_dev(make_dev(1, 1, 0, 0, 100));
  b.add_dev(make_dev(1, 1, 0, 1, 100));
  b.add_dev(make_dev(1, 2, 0, 0, 100));
  b.rebalance(1, kNow);
  const DispersionReport report = dispersion_report(b.state(), "", true);
  CHECK_FALSE(report.graph.empty());
  CHECK(b.dispersion() == Approx(0.0));
  const DispersionReport zones = dispersion_report(b.state(), "r1z1$", true);
  REQUIRE(zones.graph.size() == 1);
  CHECK(zones.graph[0].tier == "r1z1");
  CHECK(zones.graph[0].max_replicas == 2);
}
