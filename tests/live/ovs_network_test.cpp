// The Open vSwitch network driver against a private userspace OVS (datapath_type=netdev) started
// by scripts/live/ovs-start.sh, with two network namespaces playing two guests. Flows installed
// through the driver must let the allowed traffic through and stop the rest, shown with ping and
// TCP.

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "core/runtime/uuid.hpp"
#include "live/ovs_network.hpp"
#include "live_test_support.hpp"
#include "private_daemons.hpp"

using namespace stacksim;
using namespace std::chrono_literals;
using live::testing::BackgroundProcess;
using live::testing::NamespaceGuard;
using live::testing::PrivateOvs;
using live::testing::run_to_completion;
using live::testing::RunDirectory;
using runtime::BackendEvent;
using runtime::BackendEventKind;
using runtime::FlowRule;
using runtime::FlowTable;
using runtime::Task;

namespace {

constexpr const char* host = "compute1";

FlowRule rule(std::uint8_t table, std::uint16_t priority, std::map<std::string, std::string> match,
              std::vector<std::string> actions) {
  FlowRule r;
  r.table = table;
  r.priority = priority;
  r.match = std::move(match);
  r.actions = std::move(actions);
  return r;
}

// A security group as a two-table pipeline: table 0 passes ARP and sends IPv4 to table 1, which
// allows what the rules allow (ICMP if `allow_icmp`, TCP to port 5001 and its replies) and drops
// the rest.
FlowTable security_group_flows(bool allow_icmp) {
  FlowTable t;
  t.bridge = "br-int";
  t.rules.push_back(rule(0, 100, {{"arp", ""}}, {"NORMAL"}));
  t.rules.push_back(rule(0, 90, {{"ip", ""}}, {"goto_table:1"}));
  t.rules.push_back(rule(0, 0, {}, {}));
  if (allow_icmp) t.rules.push_back(rule(1, 100, {{"icmp", ""}}, {"NORMAL"}));
  t.rules.push_back(rule(1, 100, {{"tcp", ""}, {"tp_dst", "5001"}}, {"NORMAL"}));
  t.rules.push_back(rule(1, 100, {{"tcp", ""}, {"tp_src", "5001"}}, {"NORMAL"}));
  t.rules.push_back(rule(1, 0, {}, {}));
  return t;
}

bool ping(const std::string& ns, const std::string& address) {
  // The first packet after a flow change may take ~0.5 s through the userspace datapath.
  const live::CommandResult r = live::run_command(
      {{"ip", "netns", "exec", ns, "ping", "-c", "3", "-i", "0.2", "-W", "1", address}, {}, {}});
  return r.exit_status == 0;
}

bool tcp_round_trip(const std::string& ns, const std::string& address, int port) {
  const std::string client = std::string(STACKSIM_SOURCE_DIR) + "/tests/live/tcp_echo.py";
  const live::CommandResult r =
      live::run_command({{"ip", "netns", "exec", ns, "/usr/bin/python3", client, "connect", address,
                          std::to_string(port)},
                         {},
                         {}});
  return r.exit_status == 0;
}

struct Guest {
  runtime::PortSpec port;
  live::NamespaceNic nic;
};

Guest guest(std::uint64_t index, const std::string& ns, const std::string& address) {
  Guest g;
  g.port.bridge = "br-int";
  g.port.port_id = runtime::Uuid::at(static_cast<std::uint64_t>(::getpid()), index).str();
  g.port.name = "tap" + g.port.port_id.substr(0, 11);
  g.port.mac_address = "fa:16:3e:00:00:0" + std::to_string(index);
  g.port.ofport = static_cast<int>(index);
  g.port.external_ids = {{"vm-uuid", "vm-" + std::to_string(index)}};
  g.nic.namespace_name = ns;
  g.nic.ip_cidr = address + "/24";
  return g;
}

}  // namespace

TEST_CASE("ovs: two namespace guests on a userspace bridge, flows allow and deny traffic") {
  if (const std::string problem = live::testing::namespace_capability_problem(); !problem.empty()) {
    STACKSIM_LIVE_SKIP(problem);
  }
  RunDirectory dir("ovs");
  PrivateOvs ovs(dir.path());
  if (ovs.unavailable()) STACKSIM_LIVE_SKIP(ovs.problem());
  REQUIRE(ovs.started());
  NamespaceGuard namespaces(dir.path());
  const std::string ns_a = namespaces.reserve("a");
  const std::string ns_b = namespaces.reserve("b");

  runtime::WallExecutor executor(2);
  auto relay = std::make_shared<live::EventRelay>(executor);
  live::OvsHostConfig config;
  config.host = host;
  config.ovsdb = ovs.ovsdb();
  config.datapath_type = "netdev";
  live::OvsNetworkDriver driver({config}, executor, relay);
  const Guest a = guest(1, ns_a, "10.77.0.1");
  const Guest b = guest(2, ns_b, "10.77.0.2");

  auto setup = [&]() -> Task<void> {
    const bool connected = co_await driver.connect(host);
    REQUIRE(connected);
    co_await driver.ensure_bridge(host, "br-int");
    co_await driver.ensure_bridge(host, "br-int");  // idempotent
    for (const Guest* g : {&a, &b}) {
      co_await driver.create_namespace(host, g->nic.namespace_name);
      co_await driver.create_namespace(host, g->nic.namespace_name);  // idempotent
      co_await driver.plug_namespace_nic(host, g->port, g->nic);
    }
    const auto ports = co_await driver.list_ports(host, "br-int");  // by name
    REQUIRE(ports.size() == 2);
    const runtime::PortSpec& pa = ports[0].name == a.port.name ? ports[0] : ports[1];
    const runtime::PortSpec& pb = ports[0].name == a.port.name ? ports[1] : ports[0];
    CHECK(pa.port_id == a.port.port_id);
    CHECK(pa.ofport == 1);
    CHECK(pa.mac_address == a.port.mac_address);
    CHECK(pa.external_ids.at("vm-uuid") == "vm-1");
    CHECK(pb.port_id == b.port.port_id);
    CHECK(pb.ofport == 2);
    co_await driver.apply_flow_table(host, security_group_flows(true));
  };
  run_to_completion(executor, setup());

  // fail_mode=secure plus our pipeline: only what the security group allows gets through.
  BackgroundProcess server({"ip", "netns", "exec", ns_b, "/usr/bin/python3",
                            std::string(STACKSIM_SOURCE_DIR) + "/tests/live/tcp_echo.py", "serve",
                            "5001", "5002"});
  bool tcp_allowed = false;
  for (int attempt = 0; attempt < 20 && !tcp_allowed; ++attempt) {
    tcp_allowed = tcp_round_trip(ns_a, "10.77.0.2", 5001);  // the server may still be starting
  }
  CHECK(tcp_allowed);
  CHECK(ping(ns_a, "10.77.0.2"));
  CHECK_FALSE(tcp_round_trip(ns_a, "10.77.0.2", 5002));

  std::string flows;
  auto without_icmp = [&]() -> Task<void> {
    co_await driver.apply_flow_table(host, security_group_flows(false));
    flows = co_await driver.dump_flows(host, "br-int");
  };
  run_to_completion(executor, without_icmp());
  CHECK_THAT(flows, Catch::Contains("tp_dst=5001"));
  CHECK_THAT(flows, !Catch::Contains("icmp"));
  CHECK_FALSE(ping(ns_a, "10.77.0.2"));
  CHECK(tcp_round_trip(ns_a, "10.77.0.2", 5001));

  auto teardown = [&]() -> Task<void> {
    co_await driver.unplug_namespace_nic(host, "br-int", b.port.name);
    const auto ports = co_await driver.list_ports(host, "br-int");
    CHECK(ports.size() == 1);
    co_await driver.delete_bridge(host, "br-int");
    const auto none = co_await driver.list_ports(host, "br-int");
    CHECK(none.empty());
    co_await driver.delete_namespace(host, ns_b);
    co_await driver.delete_namespace(host, ns_b);  // idempotent
  };
  run_to_completion(executor, teardown());
  relay->close();
}

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
