#include <catch2/catch.hpp>

#include "core/network/dhcp_agent.hpp"
#include "core/network/host_wiring.hpp"
#include "core/network/tenant_traffic.hpp"
#include "core/runtime/sleep.hpp"
#include "core/runtime/spawn.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/network/topologies.hpp"

using namespace stacksim::network;
using stacksim::network::testing::SelfServiceLab;
namespace runtime = stacksim::runtime;

namespace {

/// A NetworkDriver that records its calls, taking 1 ms of simulated time for each.
class RecordingDriver final : public runtime::NetworkDriver {
 public:
  std::vector<std::string> calls;

  runtime::Task<void> ensure_bridge(std::string host, std::string bridge) override {
    co_await note("ensure_bridge " + host + " " + bridge);
  }
  runtime::Task<void> delete_bridge(std::string host, std::string bridge) override {
    co_await note("delete_bridge " + host + " " + bridge);
  }
  runtime::Task<void> add_port(std::string host, runtime::PortSpec port) override {
    co_await note("add_port " + host + " " + port.bridge + " " + port.name + " " +
                  std::to_string(port.ofport));
  }
  runtime::Task<void> remove_port(std::string host, std::string bridge, std::string name) override {
    co_await note("remove_port " + host + " " + bridge + " " + name);
  }
  runtime::Task<void> ensure_tunnel(runtime::TunnelSpec t) override {
    co_await note("ensure_tunnel " + t.local_host + " " + t.remote_host + " " + t.name);
  }
  runtime::Task<void> apply_flow_table(std::string host, runtime::FlowTable table) override {
    co_await note("apply_flow_table " + host + " " + table.bridge + " " +
                  std::to_string(table.rules.size()));
  }
  runtime::Task<void> create_namespace(std::string host, std::string name) override {
    co_await note("create_namespace " + host + " " + name);
  }
  runtime::Task<void> delete_namespace(std::string host, std::string name) override {
    co_await note("delete_namespace " + host + " " + name);
  }

 private:
  runtime::Task<void> note(std::string call) {
    co_await runtime::sleep_for(std::chrono::milliseconds(1));
    calls.push_back(std::move(call));
  }
};

std::size_t count(const std::vector<std::string>& calls, const std::string& prefix) {
  return static_cast<std::size_t>(std::count_if(
      calls.begin(), calls.end(), [&](const std::string& c) { return c.rfind(prefix, 0) == 0; }));
}

runtime::Task<void> sync(HostWiring& wiring, RecordingDriver& driver, std::vector<HostPlan> plans) {
  co_await wiring.sync(driver, std::move(plans));
}

}  // namespace

TEST_CASE("wiring applies each host's plan through the NetworkDriver, then only the changes") {
  SelfServiceLab lab;
  lab.boot("vm1", "compute1");
  const Port vm2 = lab.boot("vm2", "compute2");
  stacksim::sim::Simulator sim;
  RecordingDriver driver;
  HostWiring wiring;
  runtime::spawn(sim, sync(wiring, driver, compile_all(take_snapshot(lab.service))));
  sim.run_until_idle();
  CHECK(count(driver.calls, "ensure_bridge") == 7);  // br-int, br-tun x3 + br-provider
  CHECK(count(driver.calls, "apply_flow_table") == 7);
  CHECK(count(driver.calls, "ensure_tunnel") == 6);  // a full mesh of three hosts
  CHECK(count(driver.calls, "add_port compute2 br-int tap" + vm2.id.substr(0, 11) + " 10") == 1);
  CHECK(wiring.applied("compute1") != nullptr);

  // vm2 goes away: compute2 loses its port and flows; others update their tables only.
  driver.calls.clear();
  lab.service.deallocate_for_instance("vm2");
  runtime::spawn(sim, sync(wiring, driver, compile_all(take_snapshot(lab.service))));
  sim.run_until_idle();
  CHECK(count(driver.calls, "remove_port compute2 br-int tap" + vm2.id.substr(0, 11)) == 1);
  CHECK(count(driver.calls, "ensure_bridge") == 0);
  CHECK(count(driver.calls, "add_port") == 0);
  CHECK(count(driver.calls, "apply_flow_table compute2 br-int 0") == 1);
  CHECK(count(driver.calls, "apply_flow_table compute1 br-int") == 1);
  CHECK(count(driver.calls, "apply_flow_table controller br-provider") == 0);  // unchanged
  CHECK(sim.now() > runtime::TimePoint{});
}

namespace {

runtime::Task<void> dhcp_exchange(DhcpAgent& agent, std::string port_id,
                                  std::vector<DhcpLease>& out, runtime::TimePoint& answered) {
  out = co_await agent.request(std::move(port_id));
  answered = (co_await runtime::this_task::executor()).now();
}

}  // namespace

TEST_CASE("the DHCP agent answers after its delay with the subnet's options and records leases") {
  NetworkConfig config;
  config.dhcp_answer_delay = runtime::from_seconds(0.25);
  testing::ServiceFixture f(config);
  const Network n = f.tenant_network("p1");
  SubnetRequest s;
  s.project_id = "p1";
  s.network_id = n.id;
  s.cidr = "10.0.0.0/24";
  s.dns_nameservers = {"8.8.8.8"};
  s.host_routes = {{"192.168.0.0/16", "10.0.0.254"}};
  f.service.create_subnet(s);
  const Port vm = f.service.allocate_for_instance("p1", "vm1", {{n.id, "", ""}}, "compute1").at(0);
  DhcpAgent agent(f.db, f.service);
  stacksim::sim::Simulator sim;
  std::vector<DhcpLease> leases;
  runtime::TimePoint answered{};
  runtime::spawn(sim, dhcp_exchange(agent, vm.id, leases, answered));
  sim.run_until_idle();
  CHECK(runtime::to_seconds(answered) == Approx(0.25));
  REQUIRE(leases.size() == 1);
  CHECK(leases[0].ip_address == "10.0.0.3");
  CHECK(leases[0].mac_address == vm.mac_address);
  CHECK(leases[0].hostname == "host-10-0-0-3");
  CHECK(leases[0].router == "10.0.0.1");
  CHECK(leases[0].dns_nameservers == std::vector<std::string>{"8.8.8.8"});
  CHECK(leases[0].host_routes.size() == 1);
  CHECK(leases[0].mtu == 1450);
  CHECK(runtime::to_seconds(leases[0].expires_at - leases[0].granted_at) == Approx(86400));
  const auto recorded = agent.leases(vm.id);
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0].expires_at == leases[0].expires_at);
  CHECK(recorded[0].router == "10.0.0.1");
  CHECK(agent.metadata_instance(n.id, "10.0.0.3") == "vm1");
  CHECK_FALSE(agent.metadata_instance(n.id, "10.0.0.99"));
  agent.release(vm.id);
  CHECK(agent.leases(vm.id).empty());
  // Deleting the port drops its lease too.
  runtime::spawn(sim, dhcp_exchange(agent, vm.id, leases, answered));
  sim.run_until_idle();
  f.service.deallocate_for_instance("vm1");
  CHECK(agent.leases(vm.id).empty());

  // No DHCP on the subnet: no answer.
  const Network quiet = f.tenant_network("p1", "quiet");
  SubnetRequest off = s;
  off.network_id = quiet.id;
  off.enable_dhcp = false;
  f.service.create_subnet(off);
  const Port silent =
      f.service.allocate_for_instance("p1", "vm2", {{quiet.id, "", ""}}, "compute1").at(0);
  runtime::spawn(sim, dhcp_exchange(agent, silent.id, leases, answered));
  sim.run_until_idle();
  CHECK(leases.empty());
}

TEST_CASE("tenant traffic becomes host-to-host segments with encapsulation overhead") {
  SelfServiceLab lab;
  const Port vm1 = lab.boot("vm1", "compute1");
  const Port vm2 = lab.boot("vm2", "compute2");
  const Port vm3 = lab.boot("vm3", "compute1");
  const SecurityGroup closed = lab.service.create_security_group("demo", "closed");
  const Port vm4 = lab.service
                       .allocate_for_instance("demo", "vm4", {{lab.selfservice.id, "", ""}},
                                              "compute2", {closed.id})
                       .at(0);
  PacketTracer tracer(take_snapshot(lab.service));
  const std::vector<TrafficDemand> demands = {
      {vm1.id, vm2.id, "", {Protocol::tcp, 80, 40000}, 14100.0, runtime::from_seconds(1)},
      {vm1.id, vm3.id, "", {Protocol::tcp, 80, 40001}, 1000.0, {}},
      {vm1.id, vm4.id, "", {Protocol::tcp, 80, 40002}, 1000.0, {}},
      {vm2.id, "", "203.0.113.10", {Protocol::udp, 53, 5353}, 100.0, {}},
  };
  const auto flows = plan_tenant_traffic(tracer, demands);
  REQUIRE(flows.size() == 4);
  // 14100 bytes in 1410-byte segments (MTU 1450 - 40) = 10 packets over one VXLAN hop.
  CHECK(flows[0].allowed);
  CHECK(flows[0].source_host == "compute1");
  CHECK(flows[0].destination_host == "compute2");
  CHECK(flows[0].packets == 10);
  REQUIRE(flows[0].path.size() == 1);
  CHECK(flows[0].path[0].medium == "vxlan");
  CHECK(flows[0].path[0].overhead_per_packet == 50);
  CHECK(flows[0].path[0].wire_bytes == Approx(14100 + 10 * (40 + 14 + 50)));
  CHECK(flows[0].start == runtime::from_seconds(1));
  // Same host: no crossing at all.
  CHECK(flows[1].allowed);
  CHECK(flows[1].path.empty());
  // Blocked by vm4's security group: no flow for the simulator.
  CHECK_FALSE(flows[2].allowed);
  CHECK(flows[2].path.empty());
  // To the outside: through the network node, then the flat provider network, untagged.
  CHECK(flows[3].allowed);
  REQUIRE(flows[3].path.size() == 2);
  CHECK(flows[3].path[0].to_host == "controller");
  CHECK(flows[3].path[1].to_host == "external");
  CHECK(flows[3].path[1].medium == "provider");
  CHECK(flows[3].path[1].overhead_per_packet == 0);
}
