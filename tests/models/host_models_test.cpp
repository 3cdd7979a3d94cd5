#include <catch2/catch.hpp>

#include <cmath>

#include "core/runtime/spawn.hpp"
#include "sim/engine/simulator.hpp"
#include "sim/models/boot_model.hpp"
#include "sim/models/cpu_contention.hpp"
#include "sim/models/flow_transfer.hpp"
#include "sim/models/live_migration.hpp"

using namespace stacksim;
using runtime::Task;

namespace {

double seconds(runtime::Duration d) {
  return runtime::to_seconds(d);
}

sim::FlowRequest bulk(sim::LinkId link, double bytes) {
  sim::FlowRequest r;
  r.route = {link};
  r.bytes = bytes;
  return r;
}

Task<void> migrate_into(sim::FlowNetwork& net, std::vector<sim::LinkId> route,
                        sim::LiveMigrationSpec spec, runtime::MigrationStats* out) {
  *out = co_await sim::live_migrate(net, std::move(route), spec);
}

Task<void> boot_into(sim::FlowNetwork& net, sim::ImageCache& cache, runtime::Random& random,
                     sim::DelayDistribution delay, sim::BootRequest request, sim::BootTiming* out,
                     double* done_at) {
  *out = co_await sim::boot_instance(net, cache, delay, random, std::move(request));
  *done_at = runtime::to_seconds(net.simulator().now());
}

Task<void> transfer_into(sim::FlowNetwork& net, sim::FlowRequest request, bool* cancelled) {
  try {
    (void)co_await sim::transfer(net, std::move(request));
  } catch (const runtime::OperationCancelled&) {
    *cancelled = true;
  }
}

}  // namespace

TEST_CASE("CPU shares under overcommit are max-min fair and capped at demand") {
  const auto shares = sim::cpu_shares(8, {{4, 1.0}, {2, 0.5}, {8, 1.0}});
  CHECK(shares[0] == Approx(3.5));
  CHECK(shares[1] == Approx(1.0));
  CHECK(shares[2] == Approx(3.5));
  const auto slowdown = sim::cpu_slowdowns(8, {{4, 1.0}, {2, 0.5}, {8, 1.0}});
  CHECK(slowdown[1] == Approx(1.0));
  CHECK(slowdown[2] == Approx(3.5 / 8));
  CHECK(sim::cpu_shares(16, {{4, 1.0}, {2, 0.5}})[0] == Approx(4));  // no contention
  CHECK_THROWS(sim::cpu_shares(8, {{4, 1.5}}));
}

TEST_CASE("live migration pre-copy converges, hand-computed") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  const auto link = net.add_link(1e9, 0);
  runtime::MigrationStats stats;
  const sim::LiveMigrationSpec spec{.memory_bytes = 1e9,
                                    .dirty_rate_bytes_per_s = 1e8,
                                    .stop_copy_threshold_bytes = 1.5e7,
                                    .max_rounds = 30,
                                    .switchover_s = 0.02};
  runtime::spawn(s, migrate_into(net, {link}, spec, &stats));
  s.run_until_idle();
  // 1 GB in 1 s (0.1 GB dirtied), 0.1 GB in 0.1 s (10 MB dirtied <= 15 MB threshold), stop-and-copy
  // 10 MB in 0.01 s + 0.02 s switchover.
  CHECK(stats.rounds == 2);
  CHECK(stats.bytes_transferred == 1'110'000'000);
  CHECK(seconds(stats.downtime) == Approx(0.03).epsilon(1e-6));
  CHECK(seconds(stats.total_time) == Approx(1.13).epsilon(1e-6));
}

TEST_CASE("live migration that cannot converge stops after max_rounds; bandwidth is shared") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  const auto link = net.add_link(1e9, 0);
  // A competing flow halves the migration's bandwidth for its first 2 s.
  net.start_flow(bulk(link, 1e9));
  runtime::MigrationStats stats;
  runtime::spawn(s, migrate_into(net, {link},
                                 {.memory_bytes = 1e9,
                                  .dirty_rate_bytes_per_s = 2e9,
                                  .stop_copy_threshold_bytes = 1e7,
                                  .max_rounds = 3,
                                  .switchover_s = 0},
                                 &stats));
  s.run_until_idle();
  CHECK(stats.rounds == 3);
  // Round 1: 2 s at half rate; rounds 2, 3 and the stop-and-copy: 1 s each at full rate.
  CHECK(seconds(stats.total_time) == Approx(5).epsilon(1e-6));
  CHECK(seconds(stats.downtime) == Approx(1).epsilon(1e-6));
}

TEST_CASE("boot fetches the image unless cached, then waits the boot delay") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  const auto link = net.add_link(1e9, 0.001);
  sim::ImageCache cache;
  runtime::Random random(3);
  const sim::DelayDistribution delay{.family = sim::DelayDistribution::Family::constant,
                                     .value_s = 10};
  sim::BootTiming first, second;
  double first_done = 0, second_done = 0;
  runtime::spawn(
      s, boot_into(net, cache, random, delay, {"cirros", 5e8, {link}}, &first, &first_done));
  s.run_until_idle();
  CHECK(first.fetched);
  CHECK(first.fetch_s == Approx(0.501));
  CHECK(first_done == Approx(10.501).epsilon(1e-9));
  runtime::spawn(
      s, boot_into(net, cache, random, delay, {"cirros", 5e8, {link}}, &second, &second_done));
  s.run_until_idle();
  CHECK_FALSE(second.fetched);
  CHECK(second_done - first_done == Approx(10).epsilon(1e-9));

  const sim::DelayDistribution uniform{
      .family = sim::DelayDistribution::Family::uniform, .low_s = 20, .high_s = 40};
  for (int i = 0; i < 100; ++i) {
    const double d = uniform.draw(random);
    CHECK((d >= 20 && d < 40));
  }
}

TEST_CASE("cancelling a task cancels its transfer and frees the link") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  const auto link = net.add_link(100, 0);
  bool cancelled = false;
  auto handle = runtime::spawn(s, transfer_into(net, bulk(link, 1000), &cancelled));
  s.run_until(runtime::at_seconds(1));
  CHECK(net.link_flow_count(link) == 1);
  handle.cancel();
  s.run_until(runtime::at_seconds(2));
  CHECK(cancelled);
  CHECK(handle.done());
  CHECK(net.link_flow_count(link) == 0);
}
