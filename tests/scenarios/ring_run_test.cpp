// Ring events during `stacksim run`: rebalances with the scenario's seed, replication on the run's
// simulated backend, in the experiment runner and through the control plane.

#include <catch2/catch.hpp>

#include <algorithm>

#include "scenarios/cloud/cloud_run.hpp"
#include "scenarios/results/ring_results.hpp"
#include "scenarios/rings/ring_event_plan.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/schema/scenario_loader.hpp"

using namespace stacksim;
using namespace stacksim::scenarios;

namespace {

Scenario example(const std::string& name) {
  return load_scenario(std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/" + name);
}

struct RingLog final : RunRecorder {
  void begin(const Scenario&, const std::vector<HostRow>&) override {}
  void instance(const InstanceRow&) override {}
  void decision(const DecisionRow&) override {}
  void instance_event(const InstanceEventRow&) override {}
  void sample(const SampleRow&) override {}
  void host_sample(const HostSampleRow&) override {}
  void fault(const FaultRow&) override {}
  void rings(const RingRunResults& r) override { results = r; }
  void finish(const RunSummary& s, const std::vector<HostSummaryRow>&) override { summary = s; }
  RingRunResults results;
  RunSummary summary;
};

RingLog run_experiment(const Scenario& scenario) {
  RingLog log;
  Experiment(scenario).run({}, &log);
  return log;
}

}  // namespace

TEST_CASE("ring run: the expansion example moves partitions to zones 4 and 5 and replicates them") {
  const RingLog log = run_experiment(example("ring-expansion.json"));
  const auto& rebalances = log.results.rebalances;
  REQUIRE(rebalances.size() == 3);  // the initial build, then 1 h and 2 h
  CHECK(rebalances[0].time_s == 0);
  CHECK(rebalances[1].time_s == 3600);
  CHECK(rebalances[2].time_s == 7200);
  CHECK(rebalances[1].parts_moved > 0);
  CHECK(rebalances[1].new_ring);
  CHECK(rebalances[2].parts_moved > 0);
  CHECK(rebalances[2].new_ring);
  CHECK(rebalances[2].balance < 1);
  CHECK(rebalances[1].devices == 8);

  REQUIRE(log.results.replication.size() == 1);
  const RingReplicationResult& r = log.results.replication.front();
  CHECK(r.ring == "object");
  CHECK(r.finished);
  CHECK(r.report.fully_replicated);
  CHECK(r.replicas == 3);
  const std::int64_t moved = rebalances[1].parts_moved + rebalances[2].parts_moved;
  // Every reassigned partition-replica is copied once (25 MiB each).
  CHECK(r.report.transfers == moved);
  CHECK(r.report.bytes_moved == moved * 25 * (std::int64_t{1} << 20));
  CHECK(r.report.first_event_s == 3600);
  CHECK(r.report.settled_s > 7200);
  CHECK(r.report.settled_s < 14400);
  REQUIRE_FALSE(r.report.samples.empty());
  CHECK(r.report.samples.back().copies_pending == 0);
  CHECK(under_replicated(r.report.samples.back(), 3) == 0);

  CHECK(log.summary.ring_events == 6);
  CHECK(log.summary.ring_rebalances == 2);
  CHECK(log.summary.ring_bytes_moved == r.report.bytes_moved);
  REQUIRE(log.summary.ring_time_to_full_replication_s);
  CHECK(*log.summary.ring_time_to_full_replication_s == r.report.settled_s - 3600);
}

TEST_CASE("ring run: same scenario and seed, identical rebalances and replication") {
  const Scenario scenario = example("ring-expansion.json");
  const RingLog a = run_experiment(scenario);
  const RingLog b = run_experiment(scenario);
  CHECK(a.results.rebalances == b.results.rebalances);
  REQUIRE(a.results.replication.size() == 1);
  CHECK(a.results.replication[0].report == b.results.replication[0].report);
  Scenario other = scenario;
  other.seed += 1;
  const RingLog c = run_experiment(other);
  CHECK_FALSE(c.results.replication[0].report == a.results.replication[0].report);
}

TEST_CASE("ring run: a lost disk is re-replicated to handoffs, then back to its replacement") {
  const RingLog log = run_experiment(example("havana-swift-zones.json"));
  REQUIRE(log.results.replication.size() == 1);
  const RingReplicationResult& r = log.results.replication.front();
  CHECK(r.finished);
  CHECK(r.report.fully_replicated);
  CHECK(r.report.first_event_s == 21600);
  CHECK(r.report.settled_s > 28800);  // the copies back to the replaced disk
  CHECK(r.report.handoffs_reverted > 0);
  std::int64_t worst = 0;
  for (const auto& s : r.report.samples)
    worst = std::max(worst, under_replicated(s, 3));
  // Three replicas on five disks: the lost disk held a replica of 3/5 of the partitions.
  CHECK((worst == 614 || worst == 615));
  CHECK(under_replicated(r.report.samples.back(), 3) == 0);
  CHECK(log.summary.ring_rebalances == 0);
}

TEST_CASE("ring run: a run that ends first records the replication so far") {
  Scenario scenario = example("havana-swift-zones.json");
  // 5 s into the replicators' first pass (interval_s 30): copies are in flight at the end.
  scenario.duration_s = 21635;
  const RingLog log = run_experiment(scenario);
  REQUIRE(log.results.replication.size() == 1);
  const RingReplicationResult& r = log.results.replication.front();
  CHECK_FALSE(r.finished);
  CHECK_FALSE(log.summary.ring_time_to_full_replication_s);
  REQUIRE_FALSE(r.report.samples.empty());
  CHECK(under_replicated(r.report.samples.back(), 3) > 0);
  CHECK(r.report.samples.back().copies_pending > 0);
  CHECK(r.report.bytes_moved > 0);
}

TEST_CASE("ring run: through the control plane the rebalances are the runner's") {
  const Scenario scenario = example("ring-expansion.json");
  CloudOptions options;
  options.admin_password = "secret";
  options.identity.password_hash_rounds = 1000;
  Cloud cloud(scenario, options);
  RingLog log;
  run_on_cloud(cloud, scenario, {}, &log);
  const RingLog runner = run_experiment(scenario);
  CHECK(log.results.rebalances == runner.results.rebalances);
  REQUIRE(log.results.replication.size() == 1);
  CHECK(log.results.replication[0].finished);
  CHECK(log.results.replication[0].report.fully_replicated);
  CHECK(log.results.replication[0].report.bytes_moved ==
        runner.results.replication[0].report.bytes_moved);
  CHECK(log.summary.ring_rebalances == 2);
}

TEST_CASE("ring run: rebalances swift-ring-builder would not save leave the ring as it was") {
  Scenario scenario = example("ring-expansion.json");
  // A second rebalance right after the first: nothing may move within min_part_hours.
  RingEventSpec again = scenario.ring_events[2];
  again.at_s = 3700;
  scenario.ring_events.push_back(again);
  const RingEventPlan plan = plan_ring_events(scenario, build_scenario_rings(scenario), {});
  REQUIRE(plan.rebalances.size() == 4);
  const RingRebalanceRecord& first = plan.rebalances[1];
  const RingRebalanceRecord& refused = plan.rebalances[2];
  CHECK(refused.time_s == 3700);
  CHECK_FALSE(refused.new_ring);
  CHECK(refused.parts_moved == 0);
  CHECK(refused.assignment_md5 == first.assignment_md5);
  // The refused rebalance changed nothing, so the one at 2 h is the example's.
  const RingEventPlan example_plan =
      plan_ring_events(example("ring-expansion.json"), build_scenario_rings(scenario), {});
  CHECK(plan.rebalances[3] == example_plan.rebalances[2]);
  REQUIRE(plan.replication.size() == 1);
  CHECK(plan.replication[0].events.size() == 2);  // two new rings
}

TEST_CASE("ring run: a device must reach the servers' ring before it can fail") {
  Scenario scenario = example("ring-expansion.json");
  RingEventSpec add;
  add.at_s = 60;
  add.action = "add_device";
  add.ring = "object";
  add.host = "object-4";
  add.device = "sdc";
  add.zone = 5;
  add.weight = 100;
  RingEventSpec fail = add;
  fail.at_s = 120;
  fail.action = "fail_device";
  scenario.ring_events = {add, fail};
  try {
    (void)plan_ring_events(scenario, build_scenario_rings(scenario), {});
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK_THAT(e.what(), Catch::Contains("/ring_events/1/device") &&
                             Catch::Contains("rebalance after adding it"));
  }
}
