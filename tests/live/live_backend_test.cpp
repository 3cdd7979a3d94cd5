// The live Backend assembled from a scenario's backend section, and reconciliation between the
// control plane's records and what the hypervisors report, on the libvirt test driver.

#include <catch2/catch.hpp>

#include <fstream>

#include "core/runtime/uuid.hpp"
#include "live/live_backend.hpp"
#include "live/reconciler.hpp"
#include "live_test_support.hpp"
#include "recorded_state.hpp"

using namespace stacksim;
using live::testing::RecordedState;
using live::testing::run_to_completion;
using live::testing::TempDir;
using live::testing::write_node_file;
using runtime::PowerState;
using runtime::Task;
using runtime::VmState;

namespace {

nlohmann::json two_hosts(const TempDir& dir) {
  write_node_file(dir.path(), "compute1", 8, 16LL << 20);
  write_node_file(dir.path(), "compute2", 8, 16LL << 20);
  return nlohmann::json::parse(R"({
    "type": "live",
    "blocking_threads": 2,
    "health_interval_s": 0.05,
    "reconnect": {"initial_s": 0.01, "max_s": 0.1},
    "hosts": [
      {"name": "controller", "compute": false},
      {"name": "compute1", "libvirt": {"node_file": "compute1.xml", "storage_pool": "default-pool"}},
      {"name": "compute2", "libvirt": {"node_file": "compute2.xml", "shutdown_timeout_s": 0}}
    ],
    "storage": {"host": "compute1", "pool": "default-pool"}
  })");
}

runtime::InstanceSpec spec(int i) {
  runtime::InstanceSpec s;
  s.uuid = runtime::Uuid::at(7, static_cast<std::uint64_t>(i)).str();
  s.name = "vm" + std::to_string(i);
  s.memory_mb = 256;
  return s;
}

}  // namespace

TEST_CASE("live backend: built from a scenario's backend section, bad sections name the field") {
  TempDir dir("live-config");
  const std::string scenario = (dir.path() / "scenario.json").string();
  auto backend = live::make_live_backend(two_hosts(dir), scenario);
  CHECK(backend->hosts() == std::vector<std::string>{"compute1", "compute2"});
  CHECK_THROWS_AS(backend->hypervisor("controller"), std::out_of_range);
  CHECK(backend->libvirt("compute1").config().uri ==
        "test://" + (dir.path() / "compute1.xml").string());

  nlohmann::json bad = two_hosts(dir);
  bad["hosts"][1]["libvirt"]["node_file"] = "missing.xml";
  CHECK_THROWS_WITH(
      live::make_live_backend(bad, scenario),
      Catch::Contains(scenario + ": /backend/hosts/1/libvirt/node_file: no such file"));
  bad = two_hosts(dir);
  bad["hosts"][2]["libvirt"]["domian_type"] = "kvm";
  CHECK_THROWS_WITH(live::make_live_backend(bad, scenario),
                    Catch::Contains("/backend/hosts/2/libvirt/domian_type: is not a known field"));
  bad = two_hosts(dir);
  bad["hosts"][1]["ovs"] = {{"ovsdb", "/var/run/openvswitch/db.sock"}};
  CHECK_THROWS_WITH(
      live::make_live_backend(bad, scenario),
      Catch::Contains("/backend/hosts/1/ovs/ovsdb: must be unix:PATH or tcp:HOST:PORT"));
}

TEST_CASE(
    "live backend: reconciliation syncs power states, fails interrupted builds, reaps orphans") {
  TempDir dir("live-reconcile");
  auto backend = live::make_live_backend(two_hosts(dir), (dir.path() / "s.json").string());
  RecordedState state((dir.path() / "state").string());
  live::Reconciler reconciler(*backend, state);
  live::ReconcileReport startup;
  live::ReconcileReport periodic;
  auto body = [&]() -> Task<void> {
    co_await backend->start();
    auto& c1 = backend->libvirt("compute1");
    auto& c2 = backend->libvirt("compute2");
    // 0: active and running; 1: active but shut down behind our back; 2: building when the
    // control plane died; 3: no record (an orphan); 4: stopped in the database but running;
    // 5: deleted in the database, still defined; 6: recorded active, never created.
    for (int i : {0, 1, 2, 3})
      co_await c1.spawn(spec(i));
    for (int i : {4, 5})
      co_await c2.spawn(spec(i));
    co_await c1.power_off(spec(1).uuid);
    state.put(spec(0).uuid, {"compute1", VmState::active, PowerState::running, {}});
    state.put(spec(1).uuid, {"compute1", VmState::active, PowerState::running, {}});
    state.put(spec(2).uuid, {"compute1", VmState::building, PowerState::no_state, {}});
    state.put(spec(4).uuid, {"compute2", VmState::stopped, PowerState::shutdown, {}});
    state.put(spec(5).uuid, {"compute2", VmState::deleted, PowerState::running, {}});
    state.put(spec(6).uuid, {"compute2", VmState::active, PowerState::running, {}});
    startup = co_await reconciler.reconcile(true);
    periodic = co_await reconciler.reconcile(false);
    const auto left1 = co_await c1.list_instances();
    const auto left2 = co_await c2.list_instances();
    CHECK(left1.size() == 2);  // 0 running, 1 shut down
    REQUIRE(left2.size() == 1);
    CHECK(left2[0].power_state == PowerState::shutdown);  // 4 powered off as recorded
    backend->stop_monitoring();
  };
  run_to_completion(backend->wall_executor(), body());
  CHECK(startup.interrupted_builds == std::vector<std::string>{spec(2).uuid});
  CHECK(state.at(spec(2).uuid).vm_state == VmState::error);
  CHECK(startup.orphans == std::vector<std::string>{spec(3).uuid});
  CHECK(startup.stopped == std::vector<std::string>{spec(1).uuid});
  CHECK(state.at(spec(1).uuid).vm_state == VmState::stopped);
  CHECK(state.at(spec(1).uuid).power == PowerState::shutdown);
  CHECK(startup.powered_off == std::vector<std::string>{spec(4).uuid});
  CHECK(startup.deleted_destroyed == std::vector<std::string>{spec(5).uuid});
  CHECK(startup.missing == std::vector<std::string>{spec(6).uuid});
  CHECK(state.at(spec(6).uuid).power == PowerState::no_state);
  // A second pass finds nothing left to fix but the instance that never existed.
  CHECK(periodic.orphans.empty());
  CHECK(periodic.stopped.empty());
  CHECK(periodic.powered_off.empty());
  CHECK(periodic.missing == std::vector<std::string>{spec(6).uuid});
}
