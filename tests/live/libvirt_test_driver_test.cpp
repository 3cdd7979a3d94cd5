// The libvirt hypervisor driver on libvirt's test driver: every "host" is a node file with private
// state, so several hosts live in one process without a daemon.

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "core/runtime/service_error.hpp"
#include "core/runtime/uuid.hpp"
#include "core/runtime/when_all.hpp"
#include "live/libvirt_hypervisor.hpp"
#include "live_test_support.hpp"

using namespace stacksim;
using namespace std::chrono_literals;
using live::testing::eventually;
using live::testing::run_to_completion;
using live::testing::TempDir;
using live::testing::write_node_file;
using runtime::BackendEvent;
using runtime::BackendEventKind;
using runtime::PowerState;
using runtime::Task;

namespace {

// A domain that exists on the host before stacksim arrives; it must be left alone.
constexpr const char* foreign_domain = R"(
  <domain type='test'>
    <name>operator-vm</name><uuid>11111111-2222-4333-8444-555555555555</uuid>
    <memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os>
  </domain>
)";

struct Cluster {
  explicit Cluster(int hosts, const std::string& extra = {}) : dir("libvirt-test") {
    for (int i = 0; i < hosts; ++i) {
      live::LibvirtHostConfig config;
      config.host = "compute" + std::to_string(i + 1);
      config.uri = write_node_file(dir.path(), config.host, 16, 32LL * 1024 * 1024,
                                   i == 0 ? extra : std::string());
      config.storage_pool = "default-pool";
      config.reconnect.initial = 20ms;
      config.reconnect.max = 100ms;
      drivers.push_back(std::make_unique<live::LibvirtHypervisor>(config, executor, relay));
    }
    relay->subscribe([this](const BackendEvent& e) { events.push_back(e); });
  }
  ~Cluster() { relay->close(); }

  [[nodiscard]] int count(BackendEventKind kind, const std::string& resource = {}) const {
    int n = 0;
    for (const BackendEvent& e : events)
      n += e.kind == kind && (resource.empty() || e.resource == resource) ? 1 : 0;
    return n;
  }

  TempDir dir;
  runtime::WallExecutor executor{4};
  std::shared_ptr<live::EventRelay> relay = std::make_shared<live::EventRelay>(executor);
  std::vector<std::unique_ptr<live::LibvirtHypervisor>> drivers;
  std::vector<BackendEvent> events;
};

runtime::InstanceSpec tiny(int i) {
  runtime::InstanceSpec spec;
  spec.uuid = runtime::Uuid::at(42, static_cast<std::uint64_t>(i)).str();
  spec.name = "vm-" + std::to_string(i);
  spec.vcpus = 1;
  spec.memory_mb = 512;
  spec.root_gb = 1;
  spec.swap_mb = 256;
  spec.image.id = "cirros";
  spec.nics.push_back({runtime::Uuid::at(43, static_cast<std::uint64_t>(i)).str(),
                       "fa:16:3e:00:00:01", "net-1", "br-int"});
  return spec;
}

}  // namespace

TEST_CASE("libvirt test driver: full lifecycle of many instances across three hosts") {
  Cluster cluster(3, foreign_domain);
  auto& d = cluster.drivers;
  constexpr int instances = 24;
  // Catch's macros expand their argument twice, which GCC's coroutines mishandle: every co_await
  // below happens outside an assertion.
  auto body = [&]() -> Task<void> {
    for (auto& driver : d) {
      const bool connected = co_await driver->connect();
      REQUIRE(connected);
    }

    const runtime::HostInfo info = co_await d[0]->host_info();
    CHECK(info.vcpus == 16);
    CHECK(info.memory_mb == 32 * 1024);
    CHECK(info.hypervisor_type == "TEST");
    CHECK(info.disk_gb > 0);
    CHECK(info.up);

    std::vector<Task<void>> spawns;
    for (int i = 0; i < instances; ++i)
      spawns.push_back(d[static_cast<std::size_t>(i) % d.size()]->spawn(tiny(i)));
    co_await runtime::when_all(std::move(spawns));
    for (auto& driver : d) {
      const auto listed = co_await driver->list_instances();
      CHECK(listed.size() == instances / d.size());  // the operator's domain is not ours
      for (const auto& i : listed) {
        CHECK(i.power_state == PowerState::running);
        CHECK(i.memory_mb == 512);
      }
    }
    std::string failure;
    try {
      co_await d[0]->spawn(tiny(0));
    } catch (const runtime::ServiceError& e) {
      failure = e.type();
    }
    CHECK(failure == "InstanceExists");

    const std::string a = tiny(0).uuid;  // on compute1
    auto power_of = [](live::LibvirtHypervisor& driver, std::string uuid) -> Task<PowerState> {
      const runtime::InstanceInfo i = co_await driver.instance_info(uuid);
      co_return i.power_state;
    };
    co_await d[0]->power_off(a);
    PowerState state = co_await power_of(*d[0], a);
    CHECK(state == PowerState::shutdown);
    co_await d[0]->power_off(a);  // already off: nothing to do
    co_await d[0]->power_on(a);
    state = co_await power_of(*d[0], a);
    CHECK(state == PowerState::running);
    co_await d[0]->reboot(a, runtime::RebootType::hard);
    co_await d[0]->reboot(a, runtime::RebootType::soft);
    state = co_await power_of(*d[0], a);
    CHECK(state == PowerState::running);
    co_await d[0]->suspend(a);
    state = co_await power_of(*d[0], a);
    CHECK(state == PowerState::suspended);
    co_await d[0]->resume(a);
    state = co_await power_of(*d[0], a);
    CHECK(state == PowerState::running);

    // A named value: GCC 12 bit-copies a braced temporary into a coroutine's frame.
    const runtime::VolumeConnection volume{"vol-9", "/dev/vdd", "/var/lib/cinder/vol-9", 1};
    co_await d[0]->attach_volume(a, volume);
    co_await d[0]->detach_volume(a, "vol-9");
    failure.clear();
    try {
      co_await d[0]->detach_volume(a, "vol-9");
    } catch (const runtime::ServiceError& e) {
      failure = e.what();
    }
    CHECK_THAT(failure, Catch::Contains("not attached"));
    const std::int64_t snapshot_bytes = co_await d[0]->snapshot(a, "snap-of-a");
    CHECK(snapshot_bytes == (1LL << 30));

    // The test driver has no virDomainMigrate: the move is emulated, with measured downtime.
    const std::string b = tiny(3).uuid;  // on compute1
    const runtime::MigrationStats stats = co_await d[0]->migrate(b, *d[1], true);
    CHECK(stats.total_time >= stats.downtime);
    state = co_await power_of(*d[1], b);
    CHECK(state == PowerState::running);
    failure.clear();
    try {
      co_await d[0]->instance_info(b);
    } catch (const runtime::ServiceError& e) {
      failure = e.type();
    }
    CHECK(failure == "InstanceNotFound");
    co_await d[0]->power_off(a);
    co_await d[0]->migrate(a, *d[2], false);  // cold: stays stopped
    state = co_await power_of(*d[2], a);
    CHECK(state == PowerState::shutdown);
    const auto left = co_await d[0]->list_instances();
    const auto gained = co_await d[1]->list_instances();
    CHECK(left.size() == instances / 3 - 2);
    CHECK(gained.size() == instances / 3 + 1);

    // The test driver reports a restore from managed save as a plain start (QEMU: "restored").
    const bool saw_events = co_await eventually([&] {
      return cluster.count(BackendEventKind::instance_started) >= instances + 3 &&
             cluster.count(BackendEventKind::instance_stopped, a) >= 2 &&
             cluster.count(BackendEventKind::instance_suspended, a) == 1;
    });
    CHECK(saw_events);

    std::vector<Task<void>> destroys;
    for (auto& driver : d) {
      for (const auto& i : co_await driver->list_instances())
        destroys.push_back(driver->destroy(i.uuid));
    }
    co_await runtime::when_all(std::move(destroys));
    for (auto& driver : d) {
      const auto remaining = co_await driver->list_instances();
      CHECK(remaining.empty());
    }
    co_await d[0]->destroy(a);  // idempotent, like Nova's
    const bool saw_deletes = co_await eventually(
        [&] { return cluster.count(BackendEventKind::instance_deleted) >= instances; });
    CHECK(saw_deletes);
  };
  run_to_completion(cluster.executor, body());
  // Moves are not news: no instance is reported deleted on its old host while it moves.
  CHECK(cluster.count(BackendEventKind::instance_deleted, tiny(3).uuid) == 1);
}

TEST_CASE("libvirt test driver: failures carry Nova's exception types") {
  Cluster cluster(1);
  auto& d = *cluster.drivers[0];
  auto failure_of = [](Task<void> task) -> Task<std::string> {
    try {
      co_await std::move(task);
    } catch (const runtime::ServiceError& e) {
      co_return e.type() + " " + std::to_string(e.http_status()) + ": " + e.what();
    }
    co_return "no failure";
  };
  auto body = [&]() -> Task<void> {
    const std::string uuid = "00000000-0000-4000-8000-000000000000";
    std::string failure = co_await failure_of(d.power_on(uuid));
    CHECK_THAT(failure, Catch::StartsWith("HypervisorUnavailable 503"));  // not connected yet
    const bool connected = co_await d.connect();
    REQUIRE(connected);
    failure = co_await failure_of(d.power_on(uuid));
    CHECK_THAT(failure, Catch::StartsWith("InstanceNotFound 404"));
    runtime::InstanceSpec spec = tiny(1);
    co_await d.spawn(spec);
    co_await d.power_off(spec.uuid);
    failure = co_await failure_of(d.suspend(spec.uuid));  // managed save needs a running domain
    CHECK_THAT(failure, Catch::StartsWith("InstanceInvalidState 409"));
    spec = tiny(2);
    spec.vcpus = 0;
    failure = co_await failure_of(d.spawn(spec));
    CHECK_THAT(failure, Catch::StartsWith("InvalidRequest 400") &&
                            Catch::Contains("needs at least one vCPU"));
    const auto listed = co_await d.list_instances();
    CHECK(listed.size() == 1);  // nothing left behind by the failure
  };
  run_to_completion(cluster.executor, body());
}

TEST_CASE("libvirt test driver: an unreachable host is reported down, retried, then up") {
  TempDir dir("libvirt-down");
  runtime::WallExecutor executor(2);
  auto relay = std::make_shared<live::EventRelay>(executor);
  std::vector<BackendEvent> events;
  relay->subscribe([&](const BackendEvent& e) { events.push_back(e); });
  live::LibvirtHostConfig config;
  config.host = "compute9";
  config.uri = "test://" + (dir.path() / "compute9.xml").string();  // not written yet
  config.reconnect.initial = 20ms;
  config.reconnect.max = 80ms;
  live::LibvirtHypervisor driver(config, executor, relay);
  auto body = [&]() -> Task<void> {
    const bool connected = co_await driver.connect();
    CHECK_FALSE(connected);
    const runtime::HostInfo down = co_await driver.host_info();
    CHECK_FALSE(down.up);
    co_await runtime::sleep_for(150ms);  // a few failed attempts, none blocking the loop
    CHECK_FALSE(driver.connected());
    write_node_file(dir.path(), "compute9", 4, 8LL * 1024 * 1024);
    bool ok = co_await eventually([&] { return driver.connected(); }, 5s);
    CHECK(ok);
    ok = co_await eventually([&] { return events.size() >= 2; }, 5s);
    CHECK(ok);
    const runtime::HostInfo up = co_await driver.host_info();
    CHECK(up.vcpus == 4);
  };
  run_to_completion(executor, body());
  relay->close();
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == BackendEventKind::host_down);
  CHECK(events[0].host == "compute9");
  CHECK(events[1].kind == BackendEventKind::host_up);
  CHECK(events[1].time > events[0].time);
}
