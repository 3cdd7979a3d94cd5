// The simulated backend driven the way the control plane drives it: coroutines on the Simulator.

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "core/runtime/sleep.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/when_all.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/backend/simulated_network_driver.hpp"
#include "sim/models/fat_tree.hpp"

using namespace stacksim;
using runtime::Task;

namespace {

sim::SimulatedDatacenter fat_tree_datacenter() {
  sim::SimulatedDatacenter dc;
  dc.topology = sim::build_fat_tree({.k = 4, .latency = 0});
  dc.image_store = "host-0-0-0";
  dc.boot_delay = {.family = sim::DelayDistribution::Family::constant, .value_s = 20};
  dc.control_latency_s = 0.5;
  dc.dirty_rate_bytes_per_s = 1e8;
  dc.migration.stop_copy_threshold_bytes = 64e6;
  dc.migration.switchover_s = 0;
  return dc;
}

runtime::InstanceSpec instance(std::string uuid, std::int64_t image_bytes) {
  runtime::InstanceSpec spec;
  spec.uuid = std::move(uuid);
  spec.vcpus = 4;
  spec.memory_mb = 1024;
  spec.root_gb = 1;
  spec.image = {"cirros", image_bytes, "qcow2", ""};
  return spec;
}

runtime::PortSpec port(std::string bridge, std::string name) {
  runtime::PortSpec p;
  p.bridge = std::move(bridge);
  p.name = std::move(name);
  p.port_id = "port-" + p.name;
  return p;
}

double now_s(sim::SimulatedBackend& b) {
  return runtime::to_seconds(b.simulator().now());
}

template <class F>
void run(sim::Simulator& s, F body) {
  auto handle = runtime::spawn(s, body());
  s.run_until_idle();
  REQUIRE(handle.done());
  handle.rethrow_if_failed();
}

}  // namespace

TEST_CASE("spawn fetches the image as a flow, boots, and caches the image") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, fat_tree_datacenter());
  CHECK(backend.hosts().size() == 16);
  auto& hv = backend.hypervisor("host-3-1-1");
  double first = 0, second = 0;
  auto body = [&]() -> Task<void> {
    co_await hv.spawn(instance("vm-1", 1'250'000'000));
    first = now_s(backend);
    co_await hv.spawn(instance("vm-2", 1'250'000'000));
    second = now_s(backend);
    const auto info = co_await hv.instance_info("vm-1");
    CHECK(info.power_state == runtime::PowerState::running);
    CHECK((co_await hv.list_instances()).size() == 2);
    CHECK((co_await hv.host_info()).vcpus == 32);
  };
  run(s, body);
  CHECK(first == Approx(1.0 + 20).epsilon(1e-6));     // 1.25 GB at 10 Gb/s, then 20 s boot
  CHECK(second - first == Approx(20).epsilon(1e-6));  // cached: boot only
}

TEST_CASE("power operations, suspend/resume, reboot and errors") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, fat_tree_datacenter());
  auto& hv = backend.hypervisor("host-1-0-0");
  auto body = [&]() -> Task<void> {
    co_await hv.spawn(instance("vm", 1000));
    co_await hv.power_off("vm");
    CHECK((co_await hv.instance_info("vm")).power_state == runtime::PowerState::shutdown);
    co_await hv.power_on("vm");
    co_await hv.suspend("vm");
    CHECK((co_await hv.instance_info("vm")).power_state == runtime::PowerState::suspended);
    co_await hv.resume("vm");
    co_await hv.reboot("vm", runtime::RebootType::hard);
    CHECK((co_await hv.instance_info("vm")).power_state == runtime::PowerState::running);
    bool threw = false;
    try {
      co_await hv.destroy("missing");
    } catch (const std::out_of_range& e) {
      threw = std::string(e.what()).find("instance missing is not on host 'host-1-0-0'") !=
              std::string::npos;
    }
    CHECK(threw);
    co_await hv.destroy("vm");
    CHECK((co_await hv.list_instances()).empty());
  };
  run(s, body);
}

TEST_CASE("live migration moves the instance with pre-copy rounds over the network") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, fat_tree_datacenter());
  auto& source = backend.hypervisor("host-0-1-0");
  auto& target = backend.hypervisor("host-2-0-1");
  runtime::MigrationStats live, cold;
  auto body = [&]() -> Task<void> {
    co_await source.spawn(instance("vm", 1000));
    live = co_await source.migrate("vm", target, true);
    cold = co_await target.migrate("vm", source, false);
  };
  run(s, body);
  // 1 GiB at 1.25e9 B/s: 0.859 s; 85.9 MB dirtied > 64 MB; then 6.9 s... converges in 2 rounds.
  CHECK(live.rounds == 2);
  CHECK(live.bytes_transferred > 1024LL * 1024 * 1024);
  CHECK(runtime::to_seconds(live.downtime) < 0.01);
  CHECK(runtime::to_seconds(cold.total_time) ==
        Approx(1024.0 * 1024 * 1024 / 1.25e9).epsilon(1e-6));
  CHECK(backend.simulated_host("host-0-1-0").power().state() == sim::PowerState::on);
}

TEST_CASE("storage: volumes, attach, and transfers as flows") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, fat_tree_datacenter());
  auto body = [&]() -> Task<void> {
    auto& storage = backend.storage();
    runtime::VolumeSpec volume;
    volume.id = "vol-1";
    volume.backend = "host-3-0-0";
    volume.size_gb = 10;
    co_await storage.create_volume(volume);
    const auto connection = co_await storage.attach_volume("vol-1", "host-1-1-1");
    CHECK(connection.device_name == "/dev/vdb");
    co_await backend.hypervisor("host-1-1-1").spawn(instance("vm", 1000));
    co_await backend.hypervisor("host-1-1-1").attach_volume("vm", connection);
    // Named arguments: GCC 12 mishandles braced temporaries inside co_await expressions.
    runtime::TransferSpec copy;
    copy.source = "host-0-0-0";
    copy.destination = "host-3-1-1";
    copy.bytes = 2'500'000'000;
    copy.kind = runtime::TransferKind::replication;
    const auto stats = co_await storage.transfer(copy);
    CHECK(runtime::to_seconds(stats.duration) == Approx(2.0).epsilon(1e-6));
    bool threw = false;
    try {
      co_await storage.delete_volume("vol-1");
    } catch (const std::logic_error&) {
      threw = true;
    }
    CHECK(threw);
    co_await storage.detach_volume("vol-1", "host-1-1-1");
    co_await storage.delete_volume("vol-1");
  };
  run(s, body);
}

namespace {

constexpr double GiB = 1024.0 * 1024 * 1024;

/// Hosts with 500 MB/s disks; host-3-0-0 is a storage backend with a 20 GiB, 250 MB/s-write pool.
sim::SimulatedDatacenter datacenter_with_disks() {
  sim::SimulatedDatacenter dc = fat_tree_datacenter();
  dc.host_disk.capacity_bytes = 100 * GiB;
  dc.host_disk.read_bytes_per_s = dc.host_disk.write_bytes_per_s = 500e6;
  sim::DiskSpec pool;
  pool.capacity_bytes = 20 * GiB;
  pool.write_bytes_per_s = 250e6;
  dc.disks["host-3-0-0"] = pool;
  return dc;
}

runtime::TransferSpec transfer_spec(std::string source, std::string destination, double bytes,
                                    runtime::TransferKind kind) {
  runtime::TransferSpec spec;
  spec.source = std::move(source);
  spec.destination = std::move(destination);
  spec.bytes = static_cast<std::int64_t>(bytes);
  spec.kind = kind;
  return spec;
}

Task<double> timed_transfer(runtime::StorageDriver& storage, runtime::TransferSpec spec) {
  co_return runtime::to_seconds((co_await storage.transfer(std::move(spec))).duration);
}

}  // namespace

TEST_CASE("storage: transfers share the endpoint disks, volumes reserve backend capacity") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, datacenter_with_disks());
  auto& storage = backend.storage();
  CHECK(backend.disk("host-3-0-0").spec().capacity_bytes == 20 * GiB);
  auto body = [&]() -> Task<void> {
    runtime::VolumeSpec volume;
    volume.id = "vol-1";
    volume.backend = "host-3-0-0";
    volume.size_gb = 12;
    co_await storage.create_volume(volume);
    volume.id = "vol-2";
    bool full = false;
    try {
      co_await storage.create_volume(volume);
    } catch (const sim::DiskFullError& e) {
      full = std::string(e.what()).find("disk 'host-3-0-0' is full: volume vol-2 needs") == 0;
    }
    CHECK(full);
    co_await storage.delete_volume("vol-1");
    co_await storage.create_volume(volume);
    CHECK(backend.disk("host-3-0-0").used_bytes() == 12 * GiB);

    // Two replicas read from one 500 MB/s disk at once (the 1.25 GB/s network is not the limit):
    // 250 MB/s each, 4 s for 1 GB.
    std::vector<Task<double>> replicas;
    replicas.push_back(timed_transfer(storage, transfer_spec("host-0-0-0", "host-1-0-0", 1e9,
                                                             runtime::TransferKind::replication)));
    replicas.push_back(timed_transfer(storage, transfer_spec("host-0-0-0", "host-2-0-0", 1e9,
                                                             runtime::TransferKind::replication)));
    const std::vector<double> times = co_await runtime::when_all(std::move(replicas));
    CHECK(times[0] == Approx(4.0).epsilon(1e-9));
    CHECK(times[1] == Approx(4.0).epsilon(1e-9));

    // Volume I/O touches the volume side only: a guest writes 500 MB at the pool's 250 MB/s ...
    const double write = co_await timed_transfer(
        storage,
        transfer_spec("host-1-1-1", "host-3-0-0", 500e6, runtime::TransferKind::volume_io));
    CHECK(write == Approx(2.0).epsilon(1e-9));
    // ... and reads it back at the network's 1.25 GB/s (the pool reads at 2 GB/s; the guest's
    // host disk is not crossed).
    const double read = co_await timed_transfer(
        storage,
        transfer_spec("host-3-0-0", "host-1-1-1", 500e6, runtime::TransferKind::volume_io));
    CHECK(read == Approx(0.4).epsilon(1e-9));
    bool no_volume = false;
    try {
      co_await storage.transfer(
          transfer_spec("host-1-1-1", "host-0-0-0", 1e6, runtime::TransferKind::volume_io));
    } catch (const std::invalid_argument& e) {
      no_volume = std::string(e.what()).find("neither endpoint is the backend of a volume") !=
                  std::string::npos;
    }
    CHECK(no_volume);
  };
  run(s, body);
}

TEST_CASE("storage: a disk fault fails the transfers crossing it") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, datacenter_with_disks());
  std::vector<runtime::BackendEvent> events;
  backend.subscribe([&](const runtime::BackendEvent& e) { events.push_back(e); });
  backend.faults().schedule({{sim::ComponentKind::disk, "sda", "host-2-0-0"},
                             s.now() + runtime::from_seconds(1),
                             s.now() + runtime::from_seconds(3)});
  std::string error;
  double retried = 0;
  auto body = [&]() -> Task<void> {
    try {
      co_await backend.storage().transfer(
          transfer_spec("host-0-0-0", "host-2-0-0", 1e9, runtime::TransferKind::replication));
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
    co_await runtime::sleep_for(runtime::from_seconds(5));
    retried = co_await timed_transfer(
        backend.storage(),
        transfer_spec("host-0-0-0", "host-2-0-0", 1e9, runtime::TransferKind::replication));
  };
  run(s, body);
  CHECK(error == "transfer host-0-0-0 -> host-2-0-0 failed: a link or disk of its route went down");
  CHECK(retried == Approx(2.0).epsilon(1e-9));  // repaired: 500 MB/s again
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == runtime::BackendEventKind::disk_down);
  CHECK(events[1].kind == runtime::BackendEventKind::disk_up);
}

TEST_CASE("network driver keeps bridges, ports and flow tables per host") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, fat_tree_datacenter());
  auto& net = dynamic_cast<sim::SimulatedNetworkDriver&>(backend.network());
  auto body = [&]() -> Task<void> {
    co_await net.ensure_bridge("host-0-0-1", "br-int");
    co_await net.add_port("host-0-0-1", port("br-int", "tap1"));
    runtime::FlowTable table;
    table.bridge = "br-int";
    table.rules.emplace_back();
    table.rules.back().actions = {"normal"};
    co_await net.apply_flow_table("host-0-0-1", table);
    runtime::TunnelSpec tunnel;
    tunnel.bridge = "br-tun";
    tunnel.local_host = "host-0-0-1";
    tunnel.remote_host = "host-1-0-0";
    co_await net.ensure_tunnel(tunnel);
    co_await net.create_namespace("host-0-0-1", "qdhcp-1");
    bool threw = false;
    try {
      co_await net.add_port("host-0-0-1", port("br-ex", "tap2"));
    } catch (const std::out_of_range&) {
      threw = true;
    }
    CHECK(threw);
  };
  run(s, body);
  CHECK(net.port_count("host-0-0-1", "br-int") == 1);
  CHECK(net.flow_table("host-0-0-1", "br-int")->rules.size() == 1);
  CHECK(net.tunnel_count() == 1);
  CHECK(net.has_namespace("host-0-0-1", "qdhcp-1"));
}

TEST_CASE("faults reach subscribers; a host going down crashes its instances") {
  sim::Simulator s;
  sim::SimulatedBackend backend(s, fat_tree_datacenter());
  std::vector<runtime::BackendEvent> events;
  backend.subscribe([&](const runtime::BackendEvent& e) { events.push_back(e); });
  auto body = [&]() -> Task<void> {
    co_await backend.hypervisor("host-2-1-0").spawn(instance("vm", 1000));
  };
  run(s, body);
  backend.faults().schedule({{sim::ComponentKind::host, "host-2-1-0", ""},
                             s.now() + runtime::from_seconds(5),
                             s.now() + runtime::from_seconds(60)});
  backend.faults().schedule({{sim::ComponentKind::network_switch, "core-0", ""},
                             s.now() + runtime::from_seconds(1),
                             std::nullopt});
  s.run_until_idle();
  REQUIRE(events.size() == 4);
  CHECK(events[0].kind == runtime::BackendEventKind::link_down);
  CHECK(events[1].kind == runtime::BackendEventKind::instance_crashed);
  CHECK(events[1].resource == "vm");
  CHECK(events[2].kind == runtime::BackendEventKind::host_down);
  CHECK(events[3].kind == runtime::BackendEventKind::host_up);
  CHECK(backend.simulated_host("host-2-1-0").power().energy(sim::PowerState::off, s.now()) > 0);
  // Routes now avoid core-0.
  for (int i = 0; i < 20; ++i) {
    for (sim::LinkId id : backend.route("host-0-0-0", "host-3-0-0")) {
      const auto& link = backend.topology().link(id);
      CHECK(backend.topology().node(link.to).name != "core-0");
    }
  }
}

TEST_CASE("hypervisor: a full disk or a down host fails spawn and migration with a clear error") {
  sim::Simulator s;
  sim::SimulatedDatacenter dc = fat_tree_datacenter();
  dc.host_disk.capacity_bytes = 50 * GiB;
  sim::SimulatedBackend backend(s, std::move(dc));
  auto& hv = backend.simulated_host("host-0-1-1");
  auto& other = backend.simulated_host("host-1-0-0");
  std::string full_error, migrate_error, down_error;
  auto big = [](std::string uuid) {
    runtime::InstanceSpec spec = instance(std::move(uuid), 1000);
    spec.root_gb = 30;
    return spec;
  };
  auto body = [&]() -> Task<void> {
    co_await hv.spawn(big("vm-1"));
    CHECK(backend.disk("host-0-1-1").used_bytes() == 30 * GiB);
    try {
      co_await hv.spawn(big("vm-2"));
    } catch (const sim::DiskFullError& e) {
      full_error = e.what();
    }
    CHECK((co_await hv.list_instances()).size() == 1);
    co_await other.spawn(big("vm-3"));
    try {
      co_await other.migrate("vm-3", hv, false);
    } catch (const sim::DiskFullError& e) {
      migrate_error = e.what();
    }
    CHECK((co_await other.instance_info("vm-3")).power_state == runtime::PowerState::running);
    co_await hv.destroy("vm-1");
    CHECK(backend.disk("host-0-1-1").used_bytes() == 0);
    const auto moved = co_await other.migrate("vm-3", hv, false);
    CHECK(runtime::to_seconds(moved.total_time) == Approx(30 * GiB / 1.25e9).epsilon(1e-9));
    CHECK(backend.disk("host-0-1-1").used_bytes() == 30 * GiB);
    CHECK(backend.disk("host-1-0-0").used_bytes() == 0);
    hv.set_up(false);
    CHECK(backend.disk("host-0-1-1").used_bytes() == 0);  // its instances are gone
    try {
      co_await hv.spawn(big("vm-4"));
    } catch (const std::runtime_error& e) {
      down_error = e.what();
    }
  };
  run(s, body);
  CHECK(full_error ==
        "disk 'host-0-1-1' is full: instance vm-2 needs 32212254720 bytes, 21474836480 bytes free "
        "of 53687091200 bytes");
  CHECK(migrate_error.find("disk 'host-0-1-1' is full: instance vm-3 needs") == 0);
  CHECK(down_error == "host 'host-0-1-1' is down");
}

TEST_CASE("hypervisor: overcommitted instances get fair CPU shares, seen in cpu_time and power") {
  sim::Simulator s;
  sim::SimulatedDatacenter dc = fat_tree_datacenter();
  dc.host_capacity.vcpus = 8;
  sim::SimulatedBackend backend(s, std::move(dc));
  auto& hv = backend.simulated_host("host-2-0-0");
  const sim::PowerProfile power = backend.datacenter().power;
  std::map<std::string, double> cpu_util;  // over the last 10 s, of the instance's vCPUs
  auto body = [&]() -> Task<void> {
    for (const char* uuid : {"vm-a", "vm-b", "vm-c"})
      co_await hv.spawn(instance(uuid, 1000));  // 4 vCPUs each, demand 1: 12 cores on 8
    runtime::InstanceSpec light = instance("vm-d", 1000);
    light.extra_specs["stacksim:cpu_utilisation"] = "0.5";
    co_await hv.spawn(light);  // wants 2 cores
    CHECK(hv.power().watts() == power.peak_watts);
    // Water-filling: vm-d's 2 cores fit under the level; the other three share 6 cores.
    CHECK(hv.cpu_granted("vm-d") == Approx(2.0).epsilon(1e-12));
    CHECK(hv.cpu_granted("vm-a") == Approx(2.0).epsilon(1e-12));
    const auto sample = [&]() -> Task<void> {
      std::map<std::string, runtime::Duration> before;
      for (const auto& i : co_await hv.list_instances())
        before[i.uuid] = i.cpu_time;
      co_await runtime::sleep_for(runtime::from_seconds(10));
      for (const auto& i : co_await hv.list_instances())
        cpu_util[i.uuid] = runtime::to_seconds(i.cpu_time - before[i.uuid]) / (10.0 * i.vcpus);
    };
    co_await sample();
    CHECK(cpu_util["vm-a"] == Approx(0.5).epsilon(1e-9));  // demanded 1
    CHECK(cpu_util["vm-d"] == Approx(0.5).epsilon(1e-9));  // demanded 0.5: not slowed
    hv.set_cpu_demand("vm-c", 0.25);                       // 1 core: a and b share 5
    co_await sample();
    CHECK(cpu_util["vm-a"] == Approx(2.5 / 4).epsilon(1e-9));
    CHECK(cpu_util["vm-c"] == Approx(0.25).epsilon(1e-9));
    co_await hv.power_off("vm-a");
    co_await hv.power_off("vm-b");  // 1 + 2 cores busy of 8
    CHECK(
        hv.power().watts() ==
        Approx(power.idle_watts + (power.peak_watts - power.idle_watts) * 3.0 / 8).epsilon(1e-12));
    co_await sample();
    CHECK(cpu_util["vm-a"] == 0);
    CHECK(cpu_util["vm-c"] == Approx(0.25).epsilon(1e-9));
    runtime::InstanceSpec bad = instance("vm-e", 1000);
    bad.extra_specs["stacksim:cpu_utilisation"] = "2";
    bool rejected = false;
    try {
      co_await hv.spawn(bad);
    } catch (const std::invalid_argument& e) {
      rejected = std::string(e.what()).find(
                     "stacksim:cpu_utilisation must be a number in [0, 1]") != std::string::npos;
    }
    CHECK(rejected);
  };
  run(s, body);
}
