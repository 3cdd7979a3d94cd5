// The object replicator on a simulated datacenter: lost replicas counted by hand from the ring,
// bytes moved, completion time on single-link cases, handoff revert, durability curve, seeds.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/objectstore/replicator.hpp"
#include "tests/objectstore/replication_fixture.hpp"

using namespace stacksim;
using namespace stacksim::objectstore;
using objectstore::testing::line_datacenter;
using objectstore::testing::one_device_per_host;
using objectstore::testing::run_to_end;

namespace {

ReplicatorConfig fixed_size_config(std::int64_t objects, double object_bytes) {
  ReplicatorConfig config;
  config.contents.min_objects = objects;
  config.contents.max_objects = objects;
  config.contents.object_bytes.bytes = object_bytes;
  config.interval_s = 0;
  return config;
}

ReplicationEvent device_event(double t, ReplicationEventKind kind, int device) {
  ReplicationEvent e;
  e.time = runtime::at_seconds(t);
  e.kind = kind;
  e.device = device;
  return e;
}

ReplicationEvent server_event(double t, ReplicationEventKind kind, std::string ip) {
  ReplicationEvent e;
  e.time = runtime::at_seconds(t);
  e.kind = kind;
  e.server_ip = std::move(ip);
  return e;
}

std::set<int> part_devices(const RingData& ring, std::uint32_t part) {
  std::set<int> out;
  for (const auto& row : ring.replica2part2dev) {
    if (part < row.size()) out.insert(row[part]);
  }
  return out;
}

std::int64_t partitions_on(const RingData& ring, int device) {
  std::int64_t count = 0;
  for (std::uint32_t part = 0; part < ring.replica2part2dev[0].size(); ++part)
    count += part_devices(ring, part).contains(device) ? 1 : 0;
  return count;
}

ReplicationReport replicate(const RingData& ring, std::vector<ReplicationEvent> events,
                            ReplicatorConfig config, sim::SimulatedDatacenter dc) {
  sim::Simulator simulator;
  sim::SimulatedBackend backend(simulator, std::move(dc));
  return run_to_end(simulator, run_replication(ring, std::move(events), backend, config));
}

}  // namespace

TEST_CASE("a failed device's partitions are copied to the handoff; time over one link by hand") {
  // 3 servers, 2 replicas, 16 partitions: every partition missing server c's device has its
  // surviving copy on a or b and its only handoff on the other, so a -> b and b -> a are the only
  // flows, one at a time per server (concurrency 1), each on its own direction of the a-b cable.
  const std::vector<std::string> hosts{"a", "b", "c"};
  const RingData ring = one_device_per_host(4, 2, hosts).get_ring();
  std::int64_t from_a = 0, from_b = 0;
  for (std::uint32_t part = 0; part < 16; ++part) {
    const auto devs = part_devices(ring, part);
    if (!devs.contains(2)) continue;
    (devs.contains(0) ? from_a : from_b) += 1;
  }
  // 32 partition-replicas over 3 equal devices: c holds 10 or 11 of them.
  REQUIRE(from_a + from_b >= 10);
  REQUIRE(from_a + from_b <= 11);

  // Link-bound (1 GB/s cable, 2 GB/s disks): 0.1 s per partition. Disk-bound (0.25 GB/s): 0.4 s.
  const auto [disk_bandwidth, per_partition_s] =
      GENERATE(std::pair{2e9, 0.1}, std::pair{2.5e8, 0.4});
  const ReplicationReport report =
      replicate(ring, {device_event(10, ReplicationEventKind::device_failed, 2)},
                fixed_size_config(100, 1e6), line_datacenter(hosts, 1e9, disk_bandwidth));

  const std::int64_t lost = from_a + from_b;
  CHECK(report.partitions == 16);
  CHECK(report.stored_bytes == 16 * 100'000'000LL);
  CHECK(report.transfers == lost);
  CHECK(report.bytes_moved == lost * 100'000'000LL);
  CHECK(report.partitions_repaired == lost);
  CHECK(report.failed_transfers == 0);
  CHECK(report.fully_replicated);
  CHECK(report.first_event_s == Approx(10));
  CHECK(report.time_to_full_replication_s ==
        Approx(per_partition_s * static_cast<double>(std::max(from_a, from_b))).margin(1e-6));

  // Durability curve: all at 2, then `lost` partitions at 1 replica; the k-th copy out of a and
  // the k-th out of b land together at 10 + k x per_partition_s.
  const std::int64_t rounds = std::max(from_a, from_b);
  REQUIRE(report.samples.size() == static_cast<std::size_t>(rounds) + 2);
  CHECK(report.samples[0].time_s == 0);
  CHECK(report.samples[0].partitions == std::vector<std::int64_t>{0, 0, 16});
  CHECK(report.samples[1].time_s == Approx(10));
  CHECK(report.samples[1].partitions == std::vector<std::int64_t>{0, lost, 16 - lost});
  for (std::int64_t k = 1; k <= rounds; ++k) {
    const auto& s = report.samples[static_cast<std::size_t>(k) + 1];
    const std::int64_t left = lost - std::min(k, from_a) - std::min(k, from_b);
    CHECK(s.time_s == Approx(10 + per_partition_s * static_cast<double>(k)).margin(1e-6));
    CHECK(s.partitions == std::vector<std::int64_t>{0, left, 16 - left});
    CHECK(s.copies_pending == left);
    CHECK(s.bytes_moved == (lost - left) * 100'000'000LL);
  }
  CHECK(report.samples[1].copies_pending == lost);
  CHECK(report.samples.back().partitions == std::vector<std::int64_t>{0, 0, 16});
  CHECK(report.samples.back().time_s == Approx(report.settled_s));
}

TEST_CASE("the replicator waits for its next pass (interval) before copying") {
  const std::vector<std::string> hosts{"a", "b", "c"};
  const RingData ring = one_device_per_host(4, 2, hosts).get_ring();
  ReplicatorConfig config = fixed_size_config(100, 1e6);
  config.interval_s = 30;
  const ReplicationReport report =
      replicate(ring, {device_event(10, ReplicationEventKind::device_unmounted, 0)}, config,
                line_datacenter(hosts, 1e9, 2e9));
  REQUIRE(report.samples.size() >= 3);
  CHECK(report.samples[2].time_s > 40);  // first copy lands after t = 10 + 30
  CHECK(report.fully_replicated);
}

TEST_CASE("two failed devices leave the partitions they shared with no live replica") {
  const std::vector<std::string> hosts{"a", "b", "c"};
  const RingData ring = one_device_per_host(4, 2, hosts).get_ring();
  std::int64_t shared = 0;
  for (std::uint32_t part = 0; part < 16; ++part) {
    const auto devs = part_devices(ring, part);
    shared += devs.contains(0) && devs.contains(1) ? 1 : 0;
  }
  REQUIRE(shared > 0);
  const ReplicationReport report =
      replicate(ring,
                {device_event(5, ReplicationEventKind::device_failed, 0),
                 device_event(5, ReplicationEventKind::device_failed, 1)},
                fixed_size_config(10, 1e6), line_datacenter(hosts, 1e9, 2e9));
  CHECK_FALSE(report.fully_replicated);
  CHECK(report.samples.back().partitions[0] == shared);
  CHECK(report.samples.back().partitions[1] == 16 - shared);
  CHECK(report.transfers == 0);  // one device left: there is no handoff to copy to
}

TEST_CASE("an unreachable server: handoffs only when configured (Swift pushes on 507 only)") {
  const std::vector<std::string> hosts{"s1", "s2", "s3", "s4", "s5"};
  const RingData ring = one_device_per_host(6, 3, hosts).get_ring();
  const std::int64_t on_s1 = partitions_on(ring, 0);

  ReplicatorConfig config = fixed_size_config(10, 1e6);
  config.handoffs_for_unreachable_servers = false;
  const auto events = std::vector{server_event(1, ReplicationEventKind::server_down, "s1")};
  const ReplicationReport swift_like =
      replicate(ring, events, config, line_datacenter(hosts, 1e9, 2e9));
  CHECK(swift_like.transfers == 0);
  CHECK_FALSE(swift_like.fully_replicated);
  CHECK(swift_like.samples.back().partitions == std::vector<std::int64_t>{0, 0, on_s1, 64 - on_s1});

  config.handoffs_for_unreachable_servers = true;
  const ReplicationReport durable =
      replicate(ring, events, config, line_datacenter(hosts, 1e9, 2e9));
  CHECK(durable.transfers == on_s1);
  CHECK(durable.bytes_moved == on_s1 * 10'000'000LL);
  CHECK(durable.fully_replicated);
  CHECK(durable.samples.back().partitions == std::vector<std::int64_t>{0, 0, 0, 64});
}

TEST_CASE("a copy whose source goes down mid-transfer is replaced from another holder") {
  const std::vector<std::string> hosts{"s1", "s2", "s3", "s4", "s5"};
  const RingData ring = one_device_per_host(6, 3, hosts).get_ring();
  // 1 GB partitions over 1 GB/s links: copies started at t = 1 are mid-way at t = 1.5.
  const ReplicationReport report =
      replicate(ring,
                {device_event(1, ReplicationEventKind::device_failed, 4),
                 server_event(1.5, ReplicationEventKind::server_down, "s1")},
                fixed_size_config(1000, 1e6), line_datacenter(hosts, 1e9, 2e9));
  CHECK(report.failed_transfers >= 1);
  CHECK(report.fully_replicated);
  // Three servers left for three replicas: every partition on all of them.
  CHECK(report.samples.back().partitions == std::vector<std::int64_t>{0, 0, 0, 64});
  CHECK(report.samples.back().copies_pending == 0);
}

TEST_CASE("a remounted device gets its partitions back: handoff copies are reverted") {
  const std::vector<std::string> hosts{"s1", "s2", "s3", "s4", "s5"};
  const RingData ring = one_device_per_host(6, 3, hosts).get_ring();
  const std::int64_t on_dev = partitions_on(ring, 3);

  const ReplicationReport kept =
      replicate(ring,
                {device_event(1, ReplicationEventKind::device_unmounted, 3),
                 device_event(1000, ReplicationEventKind::device_mounted, 3)},
                fixed_size_config(10, 1e6), line_datacenter(hosts, 1e9, 2e9));
  CHECK(kept.transfers == on_dev);  // to handoffs; the remounted disk still has its data
  CHECK(kept.handoffs_reverted == on_dev);
  CHECK(kept.fully_replicated);
  CHECK(kept.settled_s == Approx(1000));

  const ReplicationReport replaced =
      replicate(ring,
                {device_event(1, ReplicationEventKind::device_failed, 3),
                 device_event(1000, ReplicationEventKind::device_mounted, 3)},
                fixed_size_config(10, 1e6), line_datacenter(hosts, 1e9, 2e9));
  CHECK(replaced.transfers == 2 * on_dev);  // to handoffs, then onto the empty new disk
  CHECK(replaced.handoffs_reverted == on_dev);
  CHECK(replaced.fully_replicated);
  CHECK(replaced.samples.back().partitions == std::vector<std::int64_t>{0, 0, 0, 64});
}

TEST_CASE("a rebalance moves exactly the reassigned replicas and reverts the old copies") {
  const std::vector<std::string> hosts{"s1", "s2", "s3", "s4"};
  RingBuilder builder = one_device_per_host(6, 3, {"s1", "s2", "s3"});
  const RingData before = builder.get_ring();
  builder.add_dev(objectstore::testing::object_server(4, "s4"));
  builder.pretend_min_part_hours_passed();
  builder.rebalance(8, 1'700'003'600);
  const RingData after = builder.get_ring();

  std::int64_t moved = 0;
  for (std::uint32_t part = 0; part < 64; ++part) {
    const auto old_devs = part_devices(before, part);
    for (int d : part_devices(after, part))
      moved += old_devs.contains(d) ? 0 : 1;
  }
  REQUIRE(moved > 0);
  ReplicationEvent rebalance;
  rebalance.time = runtime::at_seconds(60);
  rebalance.kind = ReplicationEventKind::rebalance;
  rebalance.ring = after;
  const ReplicationReport report =
      replicate(before, {rebalance}, fixed_size_config(10, 1e6), line_datacenter(hosts, 1e9, 2e9));
  CHECK(report.transfers == moved);
  CHECK(report.bytes_moved == moved * 10'000'000LL);
  CHECK(report.handoffs_reverted == moved);
  CHECK(report.fully_replicated);
  // Every new replica lands on s4 over the s3 -> s4 cable (1 GB/s), one partition at a time or
  // sharing it: 0.01 s of link time per partition either way.
  CHECK(report.time_to_full_replication_s == Approx(0.01 * static_cast<double>(moved)));
  for (const auto& s : report.samples)
    CHECK(s.partitions[3] == 64);  // never below 3 live replicas while moving
  // Progress shows in bytes and pending copies: all queued at the rebalance, none at the end.
  REQUIRE(report.samples.size() >= 3);
  CHECK(report.samples[1].time_s == Approx(60));
  CHECK(report.samples[1].copies_pending == moved);
  CHECK(report.samples.back().copies_pending == 0);
  CHECK(report.samples.back().bytes_moved == report.bytes_moved);
}

TEST_CASE("same seed, same report; object sizes from a distribution") {
  const std::vector<std::string> hosts{"s1", "s2", "s3", "s4", "s5"};
  const RingData ring = one_device_per_host(6, 3, hosts).get_ring();
  ReplicatorConfig config;
  config.contents.min_objects = 5;
  config.contents.max_objects = 50;
  config.contents.object_bytes = {
      .family = ObjectSizeDistribution::Family::lognormal, .mu = 13, .sigma = 1.5};
  config.concurrency = 2;
  const auto events = std::vector{server_event(3, ReplicationEventKind::server_down, "s2"),
                                  device_event(20, ReplicationEventKind::device_failed, 4)};
  const ReplicationReport first = replicate(ring, events, config, line_datacenter(hosts, 1e9, 5e8));
  const ReplicationReport second =
      replicate(ring, events, config, line_datacenter(hosts, 1e9, 5e8));
  CHECK(first == second);
  config.seed = 2;
  const ReplicationReport other = replicate(ring, events, config, line_datacenter(hosts, 1e9, 5e8));
  CHECK(other.stored_bytes != first.stored_bytes);

  const nlohmann::json json = first;
  CHECK(json.at("bytes_moved") == first.bytes_moved);
  CHECK(json.at("samples").size() == first.samples.size());
  CHECK(json.at("samples")[0].at("partitions_by_live_replicas").size() == 4);
}

TEST_CASE("bad events and configuration are rejected with the field named") {
  const std::vector<std::string> hosts{"a", "b", "c"};
  const RingData ring = one_device_per_host(4, 2, hosts).get_ring();
  const auto dc = line_datacenter(hosts, 1e9, 2e9);
  CHECK_THROWS_WITH(replicate(ring, {device_event(1, ReplicationEventKind::device_failed, 9)},
                              fixed_size_config(1, 1), dc),
                    Catch::Contains("replication event 0 (device_failed): no device with id 9"));
  CHECK_THROWS_WITH(replicate(ring, {server_event(1, ReplicationEventKind::server_down, "x")},
                              fixed_size_config(1, 1), dc),
                    Catch::Contains("no server with ip \"x\""));
  ReplicationEvent rebalance;
  rebalance.kind = ReplicationEventKind::rebalance;
  rebalance.ring = one_device_per_host(5, 2, hosts).get_ring();
  CHECK_THROWS_WITH(replicate(ring, {rebalance}, fixed_size_config(1, 1), dc),
                    Catch::Contains("part power"));
  ReplicatorConfig zero = fixed_size_config(1, 1);
  zero.concurrency = 0;
  CHECK_THROWS_WITH(replicate(ring, {}, zero, dc), Catch::Contains("concurrency"));
  ReplicatorConfig bad_objects = fixed_size_config(1, 1);
  bad_objects.contents.max_objects = 0;
  CHECK_THROWS_WITH(replicate(ring, {}, bad_objects, dc), Catch::Contains("min_objects"));
}
