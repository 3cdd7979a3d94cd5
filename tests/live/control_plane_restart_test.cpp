// A control plane killed mid-build and restarted ends with no orphaned domain and no lost
// instance. The control plane runs in a child process (this binary, running a hidden test case)
// against a real libvirtd, whose domains outlive it; the test kills it with SIGKILL while one
// instance is still building, then reconciles from a fresh process state.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/runtime/uuid.hpp"
#include "live/live_backend.hpp"
#include "live/reconciler.hpp"
#include "live_test_support.hpp"
#include "private_daemons.hpp"
#include "recorded_state.hpp"

using namespace stacksim;
using namespace std::chrono_literals;
using live::testing::BackgroundProcess;
using live::testing::PrivateLibvirtd;
using live::testing::RecordedState;
using live::testing::run_to_completion;
using live::testing::RunDirectory;
using runtime::PowerState;
using runtime::Task;
using runtime::VmState;

namespace {

constexpr const char* child_dir_variable = "STACKSIM_LIVE_CONTROL_PLANE_DIR";

std::unique_ptr<live::LiveBackend> qemu_backend(const std::filesystem::path& dir) {
  const nlohmann::json section = nlohmann::json::parse(R"({
    "hosts": [{"name": "qemu1",
               "libvirt": {"uri": "qemu:///system", "shutdown_timeout_s": 1}}],
    "reconnect": {"initial_s": 0.05, "max_s": 0.5}
  })");
  return live::make_live_backend(section, (dir / "scenario.json").string());
}

// Instance UUIDs shared by parent and child: derived from the run directory's name.
runtime::InstanceSpec instance(const std::filesystem::path& dir, std::uint64_t index) {
  runtime::InstanceSpec s;
  s.uuid = runtime::Uuid::at(std::hash<std::string>{}(dir.filename().string()), index).str();
  s.name = "restart-" + std::to_string(index);
  s.memory_mb = 64;
  return s;
}

}  // namespace

// The child: builds instance 0 to completion, starts building instance 1 (its domain exists, its
// record still says building), leaves a domain 2 it never recorded, says so, and waits to die.
TEST_CASE("live child: a control plane that builds instances until it is killed", "[.]") {
  const char* dir_text = std::getenv(child_dir_variable);
  REQUIRE(dir_text != nullptr);
  const std::filesystem::path dir(dir_text);
  auto backend = qemu_backend(dir);
  RecordedState state((dir / "state").string());
  auto body = [&]() -> Task<void> {
    co_await backend->start();
    auto& host = backend->libvirt("qemu1");
    state.put(instance(dir, 0).uuid, {"qemu1", VmState::building, PowerState::no_state, {}});
    co_await host.spawn(instance(dir, 0));
    state.put(instance(dir, 0).uuid, {"qemu1", VmState::active, PowerState::running, {}});
    state.put(instance(dir, 1).uuid, {"qemu1", VmState::building, PowerState::no_state, {}});
    co_await host.spawn(instance(dir, 1));
    co_await host.spawn(instance(dir, 2));
    std::ofstream(dir / "ready") << "building\n";
    co_await runtime::sleep_for(10min);  // killed long before
  };
  run_to_completion(backend->wall_executor(), body());
}

TEST_CASE(
    "reconciler: a control plane killed mid-build restarts with no orphan and no lost instance") {
  if (::geteuid() != 0) STACKSIM_LIVE_SKIP("starting libvirtd needs root");
  RunDirectory dir("restart");
  PrivateLibvirtd daemon(dir.path());
  if (daemon.unavailable()) STACKSIM_LIVE_SKIP(daemon.problem());
  REQUIRE(daemon.usable());
  for (std::uint64_t i = 0; i < 3; ++i)
    daemon.record_domain(instance(dir.path(), i).uuid);

  {
    ::setenv(child_dir_variable, dir.path().c_str(), 1);
    BackgroundProcess child({"/proc/self/exe",
                             "live child: a control plane that builds instances "
                             "until it is killed"});
    ::unsetenv(child_dir_variable);
    REQUIRE(child.pid() > 0);
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (!std::filesystem::exists(dir.path() / "ready") &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
    }
    REQUIRE(std::filesystem::exists(dir.path() / "ready"));
  }  // SIGKILL: no destructor of the control plane runs

  auto backend = qemu_backend(dir.path());
  RecordedState state((dir.path() / "state").string());
  live::Reconciler reconciler(*backend, state);
  live::ReconcileReport startup;
  live::ReconcileReport later;
  std::vector<runtime::InstanceInfo> after;
  auto body = [&]() -> Task<void> {
    co_await backend->start();
    auto& host = backend->libvirt("qemu1");
    const auto before = co_await host.list_instances();
    CHECK(before.size() >= 3);
    startup = co_await reconciler.reconcile(true);
    after = co_await host.list_instances();
    // The surviving instance stops behind the control plane's back; the next pass notices.
    co_await host.power_off(instance(dir.path(), 0).uuid);
    later = co_await reconciler.reconcile(false);
    co_await host.destroy(instance(dir.path(), 0).uuid);
    backend->stop_monitoring();
  };
  run_to_completion(backend->wall_executor(), body());

  const std::string built = instance(dir.path(), 0).uuid;
  const std::string building = instance(dir.path(), 1).uuid;
  const std::string unrecorded = instance(dir.path(), 2).uuid;
  CHECK(startup.interrupted_builds == std::vector<std::string>{building});
  CHECK(std::find(startup.orphans.begin(), startup.orphans.end(), unrecorded) !=
        startup.orphans.end());
  REQUIRE(!after.empty());
  CHECK(std::count_if(after.begin(), after.end(), [&](const runtime::InstanceInfo& i) {
          return i.uuid == building || i.uuid == unrecorded;
        }) == 0);  // no orphaned domain
  CHECK(std::count_if(after.begin(), after.end(), [&](const runtime::InstanceInfo& i) {
          return i.uuid == built && i.power_state == PowerState::running;
        }) == 1);                                        // the built instance kept running
  CHECK(state.at(building).vm_state == VmState::error);  // not lost: recorded as failed
  CHECK(state.at(built).vm_state == VmState::stopped);
  CHECK(later.stopped == std::vector<std::string>{built});
}
