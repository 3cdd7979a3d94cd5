// The libvirt hypervisor driver against a real libvirtd and QEMU (TCG: no /dev/kvm needed),
// started and stopped by scripts/live/. The guest has no disk, so it sits in its firmware: enough
// to drive the real lifecycle through libvirt.

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "core/runtime/uuid.hpp"
#include "live/libvirt_hypervisor.hpp"
#include "live_test_support.hpp"
#include "private_daemons.hpp"

using namespace stacksim;
using namespace std::chrono_literals;
using live::testing::eventually;
using live::testing::PrivateLibvirtd;
using live::testing::run_to_completion;
using live::testing::RunDirectory;
using runtime::BackendEvent;
using runtime::BackendEventKind;
using runtime::PowerState;
using runtime::Task;

namespace {

runtime::InstanceSpec diskless(std::uint64_t index) {
  runtime::InstanceSpec spec;
  spec.uuid = runtime::Uuid::at(static_cast<std::uint64_t>(::getpid()) << 8, index).str();
  spec.name = "tcg-" + std::to_string(index);
  spec.vcpus = 1;
  spec.memory_mb = 64;
  return spec;
}

live::LibvirtHostConfig qemu_host() {
  live::LibvirtHostConfig config;
  config.host = "qemu1";
  config.uri = "qemu:///system";
  config.domain_type = "qemu";
  config.shutdown_timeout = 1s;  // SeaBIOS ignores ACPI shutdown: the hard stop follows
  config.reconnect.initial = 50ms;
  config.reconnect.max = 400ms;
  config.keepalive_interval_s = 1;
  return config;
}

int count(const std::vector<BackendEvent>& events, BackendEventKind kind) {
  int n = 0;
  for (const BackendEvent& e : events)
    n += e.kind == kind ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("libvirtd: a QEMU/TCG guest without disks is booted, driven and destroyed") {
  if (::geteuid() != 0) STACKSIM_LIVE_SKIP("starting libvirtd needs root");
  RunDirectory dir("libvirtd");
  PrivateLibvirtd daemon(dir.path());
  if (daemon.unavailable()) STACKSIM_LIVE_SKIP(daemon.problem());
  REQUIRE(daemon.usable());

  runtime::WallExecutor executor(2);
  auto relay = std::make_shared<live::EventRelay>(executor);
  std::vector<BackendEvent> events;
  relay->subscribe([&](const BackendEvent& e) { events.push_back(e); });
  live::LibvirtHypervisor driver(qemu_host(), executor, relay);
  const runtime::InstanceSpec spec = diskless(1);
  daemon.record_domain(spec.uuid);

  auto body = [&]() -> Task<void> {
    const bool connected = co_await driver.connect();
    REQUIRE(connected);
    const runtime::HostInfo info = co_await driver.host_info();
    CHECK(info.hypervisor_type == "QEMU");
    CHECK(info.vcpus >= 1);
    CHECK(info.memory_mb > 0);

    co_await driver.spawn(spec);
    runtime::InstanceInfo i = co_await driver.instance_info(spec.uuid);
    CHECK(i.power_state == PowerState::running);
    CHECK(i.memory_mb == 64);
    const auto listed = co_await driver.list_instances();
    REQUIRE(listed.size() >= 1);

    co_await driver.suspend(spec.uuid);  // managed save of a real QEMU process
    i = co_await driver.instance_info(spec.uuid);
    CHECK(i.power_state == PowerState::suspended);
    co_await driver.resume(spec.uuid);
    i = co_await driver.instance_info(spec.uuid);
    CHECK(i.power_state == PowerState::running);
    co_await driver.power_off(spec.uuid);
    i = co_await driver.instance_info(spec.uuid);
    CHECK(i.power_state == PowerState::shutdown);
    co_await driver.power_on(spec.uuid);
    co_await driver.reboot(spec.uuid, runtime::RebootType::hard);
    i = co_await driver.instance_info(spec.uuid);
    CHECK(i.power_state == PowerState::running);
    co_await driver.destroy(spec.uuid);
    std::string failure;
    try {
      co_await driver.instance_info(spec.uuid);
    } catch (const runtime::ServiceError& e) {
      failure = e.type();
    }
    CHECK(failure == "InstanceNotFound");
    const bool heard = co_await eventually([&] {
      return count(events, BackendEventKind::instance_deleted) == 1 &&
             count(events, BackendEventKind::instance_suspended) >= 1 &&
             count(events, BackendEventKind::instance_started) >= 2;
    });
    CHECK(heard);
  };
  run_to_completion(executor, body());

  if (!daemon.ours())
    STACKSIM_LIVE_SKIP("a libvirtd not started by the test runs here: not freezing it");
  // A hung libvirtd is noticed by libvirt's keepalive (1 s x 3 here), reported as host down, and
  // reconnected to once it answers again; nothing blocks the loop meanwhile.
  bool frozen = false;
  auto outage = [&]() -> Task<void> {
    events.clear();
    daemon.freeze(true);
    frozen = true;
    const bool down =
        co_await eventually([&] { return count(events, BackendEventKind::host_down) == 1; }, 20s);
    CHECK(down);
    std::string failure;
    try {
      co_await driver.list_instances();
    } catch (const runtime::ServiceError& e) {
      failure = e.type();
    }
    CHECK(failure == "HypervisorUnavailable");
    daemon.freeze(false);
    frozen = false;
    const bool up =
        co_await eventually([&] { return count(events, BackendEventKind::host_up) == 1; }, 20s);
    CHECK(up);
    const auto listed = co_await driver.list_instances();
    CHECK(listed.empty());
  };
  try {
    run_to_completion(executor, outage());
  } catch (...) {
    if (frozen) daemon.freeze(false);
    throw;
  }
  if (frozen) daemon.freeze(false);
  relay->close();
}
