// The control plane's networking on a private userspace OVS: core/network creates a network,
// two instances' ports and their security groups, the flow compiler turns them into br-int and
// br-tun tables, and HostWiring installs them through the OVS driver, with two network
// namespaces as the two guests (their NICs carry the ports' MAC and fixed addresses, so
// anti-spoofing applies). Ping and TCP show that what the groups allow passes and the rest not.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <memory>

#include "core/network/flow_layout.hpp"
#include "core/network/host_wiring.hpp"
#include "core/network/network_service.hpp"
#include "core/network/topology_snapshot.hpp"
#include "guest_traffic.hpp"
#include "live/ovs_network.hpp"
#include "live_test_support.hpp"
#include "private_daemons.hpp"

using namespace stacksim;
using live::testing::BackgroundProcess;
using live::testing::NamespaceGuard;
using live::testing::ping;
using live::testing::PrivateOvs;
using live::testing::run_to_completion;
using live::testing::RunDirectory;
using live::testing::tcp_round_trip;
using runtime::Task;

namespace {

constexpr const char* host = "compute1";
constexpr const char* project = "demo";

network::SecurityGroupRule allow_from_anywhere(network::NetworkService& neutron,
                                               const std::string& group,
                                               const std::string& protocol,
                                               std::optional<int> port = std::nullopt) {
  network::SecurityGroupRuleRequest r;
  r.project_id = project;
  r.security_group_id = group;
  r.direction = "ingress";
  r.protocol = protocol;
  r.port_range_min = port;
  r.port_range_max = port;
  r.remote_ip_prefix = "0.0.0.0/0";
  return neutron.create_security_group_rule(r);
}

/// "host: error" lines, empty when every host was wired.
std::string describe(const network::WiringFailures& failures) {
  std::string out;
  for (const auto& [failed_host, error] : failures)
    out += failed_host + ": " + error + "\n";
  return out;
}

}  // namespace

TEST_CASE("ovs: compiled security-group flows between two namespace guests allow and deny") {
  if (const std::string problem = live::testing::namespace_capability_problem(); !problem.empty()) {
    STACKSIM_LIVE_SKIP(problem);
  }
  RunDirectory dir("ovs-compiled");
  PrivateOvs ovs(dir.path());
  if (ovs.unavailable()) STACKSIM_LIVE_SKIP(ovs.problem());
  REQUIRE(ovs.started());
  NamespaceGuard namespaces(dir.path());

  // The control plane's side. Ids (and so tap names) are seeded by the PID: concurrent runs on
  // one machine do not collide on host interface names.
  store::Database db = store::Database::open_in_memory();
  network::NetworkService neutron(db, network::NetworkConfig{},
                                  static_cast<std::uint64_t>(::getpid()));
  network::NetworkRequest net_request;
  net_request.project_id = project;
  net_request.name = "private";
  const network::Network net = neutron.create_network(net_request);
  network::SubnetRequest subnet;
  subnet.project_id = project;
  subnet.network_id = net.id;
  subnet.cidr = "10.77.0.0/24";
  subnet.enable_dhcp = false;  // static addresses in the namespaces; no DHCP port elsewhere
  neutron.create_subnet(subnet);
  // Guest a: the default group (ingress only from its members). Guest b: "web", open to tcp/5001
  // and ping from anywhere.
  const network::SecurityGroup web = neutron.create_security_group(project, "web");
  allow_from_anywhere(neutron, web.id, "tcp", 5001);
  const network::SecurityGroupRule icmp = allow_from_anywhere(neutron, web.id, "icmp");
  const network::Port a =
      neutron.allocate_for_instance(project, "vm-a", {{net.id, "", "10.77.0.11"}}, host).at(0);
  const network::Port b =
      neutron.allocate_for_instance(project, "vm-b", {{net.id, "", "10.77.0.12"}}, host, {web.id})
          .at(0);
  const std::string ns_a = namespaces.reserve("a");
  const std::string ns_b = namespaces.reserve("b");
  auto namespace_of = [&](const std::string& port_id) { return port_id == a.id ? ns_a : ns_b; };
  auto address_of = [&](const std::string& port_id) {
    return (port_id == a.id ? a : b).fixed_ips.at(0).ip_address;
  };

  runtime::WallExecutor executor(2);
  auto relay = std::make_shared<live::EventRelay>(executor);
  live::OvsHostConfig config;
  config.host = host;
  config.ovsdb = ovs.ovsdb();
  config.datapath_type = "netdev";
  live::OvsNetworkDriver driver({config}, executor, relay);
  network::HostWiring wiring;
  network::WiringFailures failures;

  auto setup = [&]() -> Task<void> {
    const bool connected = co_await driver.connect(host);
    REQUIRE(connected);
    network::HostPlan plan = network::compile_host(network::take_snapshot(neutron), host);
    // The guests' NICs first (veth pairs into the namespaces, plugged with the plan's ofports);
    // the wiring then finds them in place and adds the rest of the plan.
    co_await driver.ensure_bridge(host, network::layout::integration_bridge);
    for (const runtime::PortSpec& p : plan.bridge(network::layout::integration_bridge)->ports) {
      if (p.port_id.empty()) continue;
      const std::string ns = namespace_of(p.port_id);
      co_await driver.create_namespace(host, ns);
      // Named values as coroutine arguments: GCC 12 miscompiles braced temporaries there.
      live::NamespaceNic nic{ns, "eth0", address_of(p.port_id) + "/24"};
      co_await driver.plug_namespace_nic(host, p, std::move(nic));
    }
    std::vector<network::HostPlan> plans = {std::move(plan)};
    failures = co_await wiring.sync(driver, std::move(plans));
  };
  run_to_completion(executor, setup());
  CHECK(describe(failures) == "");
  std::vector<runtime::PortSpec> ports;
  auto list = [&]() -> Task<void> {
    ports = co_await driver.list_ports(host, network::layout::integration_bridge);
  };
  run_to_completion(executor, list());
  CHECK(ports.size() == 3);  // two taps and patch-tun

  BackgroundProcess server(live::testing::tcp_echo_server(ns_b, {5001, 5002}));
  bool tcp_allowed = false;
  for (int attempt = 0; attempt < 20 && !tcp_allowed; ++attempt) {
    tcp_allowed = tcp_round_trip(ns_a, "10.77.0.12", 5001);  // the server may still be starting
  }
  CHECK(tcp_allowed);
  CHECK(ping(ns_a, "10.77.0.12"));
  CHECK_FALSE(tcp_round_trip(ns_a, "10.77.0.12", 5002));  // no rule for it
  CHECK_FALSE(ping(ns_b, "10.77.0.11"));  // a's default group admits only its own members

  // The icmp rule goes: the recompiled tables, synced, stop ping and keep tcp/5001.
  neutron.delete_security_group_rule(icmp.id);
  std::string flows;
  auto resync = [&]() -> Task<void> {
    std::vector<network::HostPlan> plans = {
        network::compile_host(network::take_snapshot(neutron), host)};
    failures = co_await wiring.sync(driver, std::move(plans));
    flows = co_await driver.dump_flows(host, network::layout::integration_bridge);
  };
  run_to_completion(executor, resync());
  CHECK(describe(failures) == "");
  CHECK_THAT(flows, Catch::Contains("tp_dst=5001"));
  CHECK_FALSE(ping(ns_a, "10.77.0.12"));
  CHECK(tcp_round_trip(ns_a, "10.77.0.12", 5001));

  auto teardown = [&]() -> Task<void> {
    for (const runtime::PortSpec& p : ports) {
      if (p.port_id.empty()) continue;
      co_await driver.unplug_namespace_nic(host, network::layout::integration_bridge, p.name);
    }
    const auto left = co_await driver.list_ports(host, network::layout::integration_bridge);
    CHECK(left.size() == 1);
    co_await driver.delete_bridge(host, network::layout::integration_bridge);
    co_await driver.delete_namespace(host, ns_b);
    co_await driver.delete_namespace(host, ns_b);  // idempotent
  };
  run_to_completion(executor, teardown());
  relay->close();
}
