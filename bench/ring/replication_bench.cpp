// bench_replication: the object replicator on a simulated leaf-spine datacenter, timed in CPU
// seconds against the simulated time it covers (the ratio: simulated seconds per CPU second).
// Object servers: one per host, one disk each, a zone per leaf (rack). Two runs:
//   fail_server  - one server becomes unreachable at t = 60 s; its partitions go to handoffs;
//   add_zone     - a rebalance at t = 60 s adds a rack of servers (one replica per partition
//   moves).
//
//   bench_replication [part_power=12] [leaves=4] [hosts_per_leaf=4] [objects_per_partition=200]
//                     [concurrency=1]
//
// Output: one JSON object per run (the report's totals, the durability curve's extremes, timing).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include <nlohmann/json.hpp>

#include "core/objectstore/replicator.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "core/runtime/spawn.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/models/leaf_spine.hpp"

using namespace stacksim;
using namespace stacksim::objectstore;

namespace {

constexpr std::int64_t kNow = 1'700'000'000;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string host(int leaf, int i) {
  return "host-0-" + std::to_string(leaf) + "-" + std::to_string(i);
}

void add_rack(RingBuilder& builder, int leaf, int hosts_per_leaf) {
  for (int i = 0; i < hosts_per_leaf; ++i)
    builder.add_dev(make_device(1, leaf + 1, host(leaf, i), 6200, "sdb", 100));
}

sim::SimulatedDatacenter datacenter(int leaves, int hosts_per_leaf) {
  sim::SimulatedDatacenter dc;
  dc.topology = sim::build_leaf_spine({.leaves = leaves, .hosts_per_leaf = hosts_per_leaf});
  // A 7,200 rpm data disk: 150 MB/s sequential either way.
  dc.host_disk.read_bytes_per_s = 150e6;
  dc.host_disk.write_bytes_per_s = 150e6;
  return dc;
}

nlohmann::json run(const char* phase, const RingData& ring, std::vector<ReplicationEvent> events,
                   const ReplicatorConfig& config, sim::SimulatedDatacenter dc) {
  const double cpu_start = cpu_seconds();
  sim::Simulator simulator;
  sim::SimulatedBackend backend(simulator, std::move(dc));
  ReplicationReport report;
  auto body = [&](RingData r, std::vector<ReplicationEvent> e) -> runtime::Task<void> {
    report = co_await run_replication(std::move(r), std::move(e), backend, config);
  };
  auto handle = runtime::spawn(simulator, body(ring, std::move(events)));
  simulator.run_until_idle();
  handle.rethrow_if_failed();
  const double cpu = cpu_seconds() - cpu_start;

  std::int64_t worst_under = 0;  // most partitions below full replication at once
  for (const auto& s : report.samples) {
    std::int64_t under = 0;
    for (std::size_t n = 0; n + 1 < s.partitions.size(); ++n)
      under += s.partitions[n];
    worst_under = std::max(worst_under, under);
  }
  return {{"phase", phase},
          {"partitions", report.partitions},
          {"stored_bytes", report.stored_bytes},
          {"bytes_moved", report.bytes_moved},
          {"transfers", report.transfers},
          {"partitions_repaired", report.partitions_repaired},
          {"handoffs_reverted", report.handoffs_reverted},
          {"time_to_full_replication_s", report.time_to_full_replication_s},
          {"fully_replicated", report.fully_replicated},
          {"max_partitions_under_replicated", worst_under},
          {"first_sample", report.samples.front()},
          {"after_event", report.samples.size() > 1 ? report.samples[1] : report.samples.front()},
          {"samples", report.samples.size()},
          {"events_processed", simulator.events_processed()},
          {"cpu_s", cpu},
          {"simulated_s_per_cpu_s", report.settled_s / cpu}};
}

}  // namespace

int main(int argc, char** argv) {
  const auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  const int part_power = arg(1, 12);
  const int leaves = arg(2, 4);
  const int hosts_per_leaf = arg(3, 4);
  const int objects = arg(4, 200);
  const int concurrency = arg(5, 1);

  ReplicatorConfig config;
  config.concurrency = static_cast<std::size_t>(std::max(concurrency, 1));
  config.contents.min_objects = objects / 2;
  config.contents.max_objects = objects * 3 / 2;
  // Object sizes: lognormal with a 1 MiB median and a long tail (mean ~1.65 MiB).
  config.contents.object_bytes = {
      .family = ObjectSizeDistribution::Family::lognormal, .mu = 13.863, .sigma = 1.0};

  RingBuilder builder(part_power, 3, 1);
  for (int leaf = 0; leaf < leaves; ++leaf)
    add_rack(builder, leaf, hosts_per_leaf);
  builder.rebalance(1, kNow);
  const RingData ring = builder.get_ring();

  ReplicationEvent fail;
  fail.time = runtime::at_seconds(60);
  fail.kind = ReplicationEventKind::server_down;
  fail.server_ip = host(0, 0);
  std::printf("%s\n",
              run("fail_server", ring, {fail}, config, datacenter(leaves + 1, hosts_per_leaf))
                  .dump()
                  .c_str());

  add_rack(builder, leaves, hosts_per_leaf);
  builder.pretend_min_part_hours_passed();
  builder.rebalance(2, kNow + 3600);
  ReplicationEvent expand;
  expand.time = runtime::at_seconds(60);
  expand.kind = ReplicationEventKind::rebalance;
  expand.ring = builder.get_ring();
  std::printf("%s\n",
              run("add_zone", ring, {expand}, config, datacenter(leaves + 1, hosts_per_leaf))
                  .dump()
                  .c_str());
  return 0;
}
