// The Open vSwitch network driver against a private userspace OVS (datapath_type=netdev) started
// by scripts/live/ovs-start.sh: ports, tags, tunnels and patch ports in OVSDB, and a lost OVSDB
// server. Traffic through compiled flow tables: ovs_compiled_flows_test.cpp.

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "live/ovs_network.hpp"
#include "live_test_support.hpp"
#include "private_daemons.hpp"

using namespace stacksim;
using namespace std::chrono_literals;
using live::testing::PrivateOvs;
using live::testing::run_to_completion;
using live::testing::RunDirectory;
using runtime::BackendEvent;
using runtime::BackendEventKind;
using runtime::Task;

namespace {

constexpr const char* host = "compute1";

}  // namespace

TEST_CASE("ovs: VLAN tags, tunnels and patch ports land in OVSDB as given") {
  RunDirectory dir("ovs-db");
  PrivateOvs ovs(dir.path());
  if (ovs.unavailable()) STACKSIM_LIVE_SKIP(ovs.problem());
  REQUIRE(ovs.started());
  runtime::WallExecutor executor(2);
  auto relay = std::make_shared<live::EventRelay>(executor);
  live::OvsHostConfig config;
  config.host = host;
  config.ovsdb = ovs.ovsdb();
  config.datapath_type = "netdev";
  config.tunnel_ip = "192.0.2.11";
  live::OvsHostConfig peer = config;
  peer.host = "compute2";
  peer.tunnel_ip = "192.0.2.12";
  live::OvsNetworkDriver driver({config, peer}, executor, relay);
  auto body = [&]() -> Task<void> {
    const bool connected = co_await driver.connect(host);
    REQUIRE(connected);
    co_await driver.ensure_bridge(host, "br-int");
    co_await driver.ensure_bridge(host, "br-tun");
    runtime::PortSpec patch;
    patch.bridge = "br-int";
    patch.name = "patch-tun";
    patch.type = "patch";
    patch.options = {{"peer", "patch-int"}};
    patch.ofport = 7;
    co_await driver.add_port(host, patch);
    runtime::PortSpec vm;
    vm.bridge = "br-int";
    vm.name = "tapvlan0001";
    vm.type = "internal";
    vm.port_id = "0f0e0d0c-0000-4000-8000-000000000001";
    vm.vlan_tag = 101;
    co_await driver.add_port(host, vm);
    vm.vlan_tag = 102;  // re-adding updates in place
    co_await driver.add_port(host, vm);
    runtime::TunnelSpec tunnel;
    tunnel.bridge = "br-tun";
    tunnel.local_host = host;
    tunnel.remote_host = "compute2";
    co_await driver.ensure_tunnel(tunnel);

    const auto int_ports = co_await driver.list_ports(host, "br-int");
    REQUIRE(int_ports.size() == 2);
    CHECK(int_ports[0].name == "patch-tun");
    CHECK(int_ports[0].type == "patch");
    CHECK(int_ports[0].options.at("peer") == "patch-int");
    CHECK(int_ports[0].ofport == 7);
    CHECK(int_ports[1].vlan_tag == 102);
    CHECK(int_ports[1].port_id == vm.port_id);
    const auto tun_ports = co_await driver.list_ports(host, "br-tun");
    REQUIRE(tun_ports.size() == 1);
    CHECK(tun_ports[0].name == "vxlan-c000020c");  // Neutron's naming: remote IP in hex
    CHECK(tun_ports[0].type == "vxlan");
    CHECK(tun_ports[0].options.at("remote_ip") == "192.0.2.12");
    CHECK(tun_ports[0].options.at("local_ip") == "192.0.2.11");
    co_await driver.remove_port(host, "br-int", "patch-tun");
    co_await driver.remove_port(host, "br-int", "patch-tun");  // already gone: fine
    const auto left = co_await driver.list_ports(host, "br-int");
    CHECK(left.size() == 1);
  };
  run_to_completion(executor, body());
  relay->close();
}

TEST_CASE("ovs: a lost OVSDB server is reported down, retried with backoff, then up") {
  RunDirectory dir("ovs-down");
  PrivateOvs ovs(dir.path());
  if (ovs.unavailable()) STACKSIM_LIVE_SKIP(ovs.problem());
  REQUIRE(ovs.started());
  runtime::WallExecutor executor(2);
  auto relay = std::make_shared<live::EventRelay>(executor);
  std::vector<BackendEvent> events;
  relay->subscribe([&](const BackendEvent& e) { events.push_back(e); });
  live::OvsHostConfig config;
  config.host = host;
  config.ovsdb = ovs.ovsdb();
  config.datapath_type = "netdev";
  config.reconnect.initial = 20ms;
  config.reconnect.max = 100ms;
  live::OvsNetworkDriver driver({config}, executor, relay);
  std::string failure;
  auto body = [&]() -> Task<void> {
    const bool connected = co_await driver.connect(host);
    REQUIRE(connected);
    co_await driver.ensure_bridge(host, "br-int");
    ovs.kill_ovsdb_server();
    try {
      co_await driver.probe(host);
    } catch (const runtime::ServiceError& e) {
      failure = e.type();
    }
    bool down = co_await live::testing::eventually([&] { return events.size() == 1; });
    CHECK(down);
    co_await runtime::sleep_for(150ms);  // failed attempts meanwhile; the loop keeps running
    ovs.restart();
    const bool up = co_await live::testing::eventually([&] { return events.size() == 2; });
    CHECK(up);
    const auto ports = co_await driver.list_ports(host, "br-int");  // the database survived
    CHECK(ports.empty());
  };
  run_to_completion(executor, body());
  relay->close();
  CHECK(failure == "OvsdbUnavailable");
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == BackendEventKind::host_down);
  CHECK(events[1].kind == BackendEventKind::host_up);
}
