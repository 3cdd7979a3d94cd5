// Booting, moving and deleting servers through the compute API on the simulated datacenter, with
// NetworkBuildHooks allocating, binding, wiring and releasing their ports.

#include <catch2/catch.hpp>

#include "core/network/flow_layout.hpp"
#include "core/network/flow_text.hpp"
#include "core/network/reachability.hpp"
#include "tests/network/networked_cloud.hpp"

using namespace stacksim;
using namespace stacksim::network;
using stacksim::network::testing::NetworkedCloud;
using Mode = compute::NetworkRequest::Mode;

namespace {

/// What the hosts' switches hold, as the wiring applied it.
std::vector<HostPlan> applied_plans(NetworkedCloud& cloud) {
  std::vector<HostPlan> out;
  for (const std::string& host : cloud.neutron.bound_hosts())
    out.push_back(*cloud.hooks.wiring().applied(host));
  return out;
}

bool tunnel_between(NetworkedCloud& cloud, const std::string& local, const std::string& remote) {
  for (const runtime::TunnelSpec& t : cloud.driver().tunnels(local))
    if (t.remote_host == remote) return true;
  return false;
}

std::string fault_details(NetworkedCloud& cloud, const std::string& uuid) {
  const auto fault = cloud.nova->server_fault(cloud.admin, uuid);
  return fault ? fault->message + " / " + fault->details : "";
}

}  // namespace

TEST_CASE("a booted server has a bound port with a DHCP address, and its host is wired") {
  NetworkedCloud cloud;
  const Network net = cloud.tenant_network("private", "10.0.0.0/24");
  const compute::Instance vm1 = cloud.boot("vm1");
  REQUIRE(vm1.vm_state == compute::VmState::active);
  const std::vector<Port> ports = cloud.neutron.instance_ports(vm1.uuid);
  REQUIRE(ports.size() == 1);
  CHECK(ports[0].network_id == net.id);
  CHECK(ports[0].binding_host_id == vm1.host);
  CHECK(ports[0].status == "ACTIVE");
  CHECK(ports[0].device_owner == "compute:nova");
  REQUIRE(ports[0].fixed_ips.size() == 1);
  CHECK(ports[0].fixed_ips[0].ip_address == "10.0.0.3");  // .2 is the DHCP port's

  // The tap port and the compiled tables are on the host's switch.
  const HostPlan* plan = cloud.hooks.wiring().applied(vm1.host);
  REQUIRE(plan != nullptr);
  CHECK(cloud.driver().port_count(vm1.host, layout::integration_bridge) ==
        plan->bridge(layout::integration_bridge)->ports.size());
  const runtime::FlowTable* installed =
      cloud.driver().flow_table(vm1.host, layout::integration_bridge);
  REQUIRE(installed != nullptr);
  CHECK(to_ofctl(*installed) == to_ofctl(plan->bridge(layout::integration_bridge)->flows));

  // A second server on the other compute host: a tunnel each way, and the installed tables let
  // the two reach each other (the default group admits its own members).
  const compute::Instance vm2 = cloud.boot("vm2", {}, {vm1.uuid});
  REQUIRE(vm2.vm_state == compute::VmState::active);
  CHECK(vm2.host != vm1.host);
  CHECK(tunnel_between(cloud, vm1.host, vm2.host));
  CHECK(tunnel_between(cloud, vm2.host, vm1.host));
  const Port p2 = cloud.neutron.instance_ports(vm2.uuid).at(0);
  CHECK(p2.fixed_ips.at(0).ip_address == "10.0.0.4");
  PacketTracer tracer(take_snapshot(cloud.neutron), applied_plans(cloud));
  Reachability reach(tracer);
  const ReachabilityReport ping = reach.between_ports(ports[0].id, p2.id, {Protocol::icmp});
  CHECK(ping.reachable);
  INFO(ping.format());
  REQUIRE(ping.request.hops.size() == 1);
  CHECK(ping.request.hops[0].medium == "vxlan");
  CHECK(ping.request.hops[0].from == vm1.host);
  CHECK(ping.request.hops[0].to == vm2.host);
}

TEST_CASE("requested networks: auto, none, a list with a fixed address, security groups") {
  NetworkedCloud cloud;
  // "auto" with no network to choose from fails the build (no auto-allocated topology).
  const compute::Instance lonely = cloud.boot("lonely");
  CHECK(lonely.vm_state == compute::VmState::error);
  CHECK_THAT(fault_details(cloud, lonely.uuid),
             Catch::Contains("Unable to automatically allocate a network for project " +
                             cloud.project_id));
  CHECK(cloud.neutron.instance_ports(lonely.uuid).empty());

  const compute::Instance bare = cloud.boot("bare", {Mode::none, {}});
  CHECK(bare.vm_state == compute::VmState::active);
  CHECK(cloud.neutron.instance_ports(bare.uuid).empty());

  const Network a = cloud.tenant_network("a", "10.0.0.0/24");
  const compute::Instance picked = cloud.boot("picked");
  REQUIRE(picked.vm_state == compute::VmState::active);
  CHECK(cloud.neutron.instance_ports(picked.uuid).at(0).network_id == a.id);

  const Network b = cloud.tenant_network("b", "10.1.0.0/24");
  const compute::Instance ambiguous = cloud.boot("ambiguous");
  CHECK(ambiguous.vm_state == compute::VmState::error);
  CHECK_THAT(fault_details(cloud, ambiguous.uuid),
             Catch::Contains("Multiple possible networks found, use a Network ID to be more "
                             "specific."));

  const compute::Instance listed =
      cloud.boot("listed", {Mode::listed, {{b.id, "", "10.1.0.50"}, {a.id, "", ""}}});
  REQUIRE(listed.vm_state == compute::VmState::active);
  const std::vector<Port> ports = cloud.neutron.instance_ports(listed.uuid);
  REQUIRE(ports.size() == 2);
  CHECK(ports[0].fixed_ips.at(0).ip_address == "10.1.0.50");
  CHECK(ports[1].network_id == a.id);

  // A port the user made, attached by id, is detached (not deleted) with the server.
  PortRequest own;
  own.project_id = cloud.project_id;
  own.network_id = a.id;
  const Port mine = cloud.neutron.create_port(own);
  const compute::Instance by_port = cloud.boot("by-port", {Mode::listed, {{"", mine.id, ""}}});
  REQUIRE(by_port.vm_state == compute::VmState::active);
  CHECK(cloud.neutron.get_port(mine.id).device_id == by_port.uuid);
  cloud.nova->delete_server(cloud.alice, by_port.uuid);
  cloud.settle();
  CHECK(cloud.neutron.get_port(mine.id).device_id.empty());
  CHECK(cloud.neutron.get_port(mine.id).binding_host_id.empty());

  // Security groups by name; an unknown name fails the build.
  const SecurityGroup web = cloud.neutron.create_security_group(cloud.project_id, "web");
  const compute::Instance guarded =
      cloud.boot("guarded", {Mode::listed, {{a.id, "", ""}}}, {}, {"web"});
  REQUIRE(guarded.vm_state == compute::VmState::active);
  CHECK(cloud.neutron.instance_ports(guarded.uuid).at(0).security_groups ==
        std::vector<std::string>{web.id});
  const compute::Instance unknown =
      cloud.boot("unknown", {Mode::listed, {{a.id, "", ""}}}, {}, {"db"});
  CHECK(unknown.vm_state == compute::VmState::error);
  CHECK_THAT(fault_details(cloud, unknown.uuid), Catch::Contains("Security group db not found."));

  // One port cannot serve several servers.
  compute::ServerCreate many;
  many.name = "many";
  many.flavor_id = "2";
  many.image_id = cloud.image_id;
  many.max_count = 2;
  many.networks = {Mode::listed, {{"", mine.id, ""}}};
  CHECK_THROWS_WITH(cloud.nova->create_servers(cloud.alice, many),
                    "Unable to launch multiple instances with a single configured port ID. Please "
                    "launch your instance one by one with different ports.");
}

TEST_CASE("a delete releases the ports; the last port of a network leaving a host drops tunnels") {
  NetworkedCloud cloud;
  cloud.tenant_network("private", "10.0.0.0/24");
  const compute::Instance vm1 = cloud.boot("vm1");
  const compute::Instance vm2 = cloud.boot("vm2", {}, {vm1.uuid});
  REQUIRE(tunnel_between(cloud, vm1.host, vm2.host));
  REQUIRE(tunnel_between(cloud, "controller", vm2.host));  // the DHCP port's host

  cloud.nova->delete_server(cloud.alice, vm2.uuid);
  cloud.settle();
  CHECK(cloud.neutron.instance_ports(vm2.uuid).empty());
  CHECK(cloud.driver().tunnels(vm2.host).empty());
  CHECK_FALSE(tunnel_between(cloud, vm1.host, vm2.host));
  CHECK_FALSE(tunnel_between(cloud, "controller", vm2.host));
  CHECK(tunnel_between(cloud, vm1.host, "controller"));
  // The host keeps its bridges, empty.
  CHECK(cloud.driver().has_bridge(vm2.host, layout::integration_bridge));
  CHECK(cloud.driver().port_count(vm2.host, layout::integration_bridge) == 0);
  CHECK(cloud.driver().port_count(vm2.host, layout::tunnel_bridge) == 0);
  CHECK(cloud.driver().flow_table(vm2.host, layout::integration_bridge)->rules.empty());
}

TEST_CASE("moves rebind the ports: live migration, cold migration and its revert, evacuation") {
  NetworkedCloud cloud;
  cloud.tenant_network("private", "10.0.0.0/24");
  const compute::Instance vm = cloud.boot("vm");
  const std::string port_id = cloud.neutron.instance_ports(vm.uuid).at(0).id;
  const std::string first = vm.host;
  const std::string other = first == "compute1" ? "compute2" : "compute1";
  auto bound_host = [&] { return cloud.neutron.get_port(port_id).binding_host_id; };

  cloud.nova->live_migrate_server(cloud.admin, vm.uuid);
  cloud.settle();
  REQUIRE(cloud.server(vm.uuid).host == other);
  CHECK(bound_host() == other);
  CHECK(cloud.driver().port_count(first, layout::integration_bridge) == 0);

  cloud.nova->migrate_server(cloud.admin, vm.uuid);
  cloud.settle();
  REQUIRE(cloud.server(vm.uuid).vm_state == compute::VmState::resized);
  CHECK(bound_host() == first);
  cloud.nova->revert_resize(cloud.admin, vm.uuid);
  cloud.settle();
  REQUIRE(cloud.server(vm.uuid).host == other);
  CHECK(bound_host() == other);

  cloud.nova->set_service_forced_down(cloud.admin, other, true);
  cloud.nova->evacuate_server(cloud.admin, vm.uuid);
  cloud.settle();
  REQUIRE(cloud.server(vm.uuid).host == first);
  CHECK(cloud.server(vm.uuid).vm_state == compute::VmState::active);
  CHECK(bound_host() == first);
  CHECK(cloud.neutron.instance_ports(vm.uuid).size() == 1);  // the same port, not a new one
  CHECK(cloud.neutron.get_port(port_id).fixed_ips.at(0).ip_address == "10.0.0.3");
}

TEST_CASE("servers built at once share the wiring syncs and end with the final plan installed") {
  NetworkedCloud cloud;
  cloud.tenant_network("private", "10.0.0.0/24");
  compute::ServerCreate req;
  req.name = "many";
  req.flavor_id = "2";
  req.image_id = cloud.image_id;
  req.min_count = req.max_count = 4;
  const compute::ServerCreateResult result = cloud.nova->create_servers(cloud.alice, req);
  cloud.settle();
  for (const compute::Instance& i : result.instances) {
    const compute::Instance built = cloud.server(i.uuid);
    CHECK(built.vm_state == compute::VmState::active);
    REQUIRE(cloud.neutron.instance_ports(i.uuid).size() == 1);
    CHECK(cloud.neutron.instance_ports(i.uuid)[0].binding_host_id == built.host);
  }
  const TopologySnapshot topology = take_snapshot(cloud.neutron);
  for (const std::string& host : cloud.neutron.bound_hosts()) {
    const HostPlan plan = compile_host(topology, host);
    for (const BridgePlan& bridge : plan.bridges) {
      INFO(host << " " << bridge.name);
      const runtime::FlowTable* installed = cloud.driver().flow_table(host, bridge.name);
      REQUIRE(installed != nullptr);
      CHECK(to_ofctl(*installed) == to_ofctl(bridge.flows));
      CHECK(cloud.driver().port_count(host, bridge.name) == bridge.ports.size());
    }
  }
}
