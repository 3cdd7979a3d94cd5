#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/network/flow_compiler.hpp"
#include "core/network/flow_text.hpp"
#include "core/network/parsed_flow.hpp"
#include "core/network/reachability.hpp"
#include "tests/network/topologies.hpp"

using namespace stacksim::network;
namespace fs = std::filesystem;

namespace {

/// The ports of a bridge and its flows, as a golden file holds them.
std::string render(const HostPlan& plan, const BridgePlan& bridge) {
  std::string out;
  for (const stacksim::runtime::PortSpec& p : bridge.ports) {
    out += "# port " + std::to_string(p.ofport) + " " + p.name;
    if (!p.type.empty()) out += " type=" + p.type;
    for (const auto& [k, v] : p.options)
      out += " " + k + "=" + v;
    if (!p.port_id.empty()) out += " iface-id=" + p.port_id + " mac=" + p.mac_address;
    out += "\n";
  }
  for (const stacksim::runtime::TunnelSpec& t : plan.tunnels)
    if (t.bridge == bridge.name)
      out += "# tunnel " + std::to_string(t.ofport) + " " + t.name + " to " + t.remote_host + "\n";
  return out + to_ofctl(bridge.flows);
}

/// Compares every bridge of every host with tests/network/golden/<name>/<host>.<bridge>.flows;
/// STACKSIM_UPDATE_GOLDEN=1 rewrites the files instead.
void check_golden(const std::string& name, const std::vector<HostPlan>& plans) {
  const fs::path dir = fs::path(STACKSIM_SOURCE_DIR) / "tests/network/golden" / name;
  const bool update = std::getenv("STACKSIM_UPDATE_GOLDEN") != nullptr;
  if (update) fs::create_directories(dir);
  std::size_t files = 0;
  for (const HostPlan& plan : plans) {
    for (const BridgePlan& bridge : plan.bridges) {
      const fs::path file = dir / (plan.host + "." + bridge.name + ".flows");
      const std::string actual = render(plan, bridge);
      ++files;
      if (update) {
        std::ofstream(file) << actual;
        continue;
      }
      std::ifstream in(file);
      INFO("golden file " << file.string() << " (STACKSIM_UPDATE_GOLDEN=1 regenerates it)");
      REQUIRE(in.good());
      std::stringstream expected;
      expected << in.rdbuf();
      CHECK(actual == expected.str());
    }
  }
  if (!update) {
    std::size_t on_disk = 0;
    for (const auto& entry : fs::directory_iterator(dir))
      on_disk += entry.path().extension() == ".flows";
    CHECK(on_disk == files);  // no bridge disappeared
  }
}

struct GoldenSelfService : testing::SelfServiceLab {
  GoldenSelfService() {
    vm1 = boot("vm1", "compute1");
    vm2 = boot("vm2", "compute2");
    allow("demo", "tcp", 22);
    service.create_floating_ip({"demo", provider.id, {}, vm1.id, {}, ""});
  }
  Port vm1;
  Port vm2;
};

/// The install guide's "provider networks" option: instances directly on a flat provider network,
/// plus a tenant VLAN network, no overlay.
struct GoldenProviderVlan : testing::ServiceFixture {
  static NetworkConfig config() {
    NetworkConfig c;
    c.tenant_network_types = {NetworkType::vlan};
    c.network_vlan_ranges = parse_vlan_ranges("provider,physnet2:100:199");
    c.bridge_mappings = parse_bridge_mappings("provider:br-provider:eth1,physnet2:br-vlan:eth2");
    return c;
  }
  GoldenProviderVlan() : ServiceFixture(config()) {
    provider = external_network("203.0.113.0/28");
    tenant = tenant_network("demo", "vlan-net");
    subnet("demo", tenant.id, "10.10.0.0/24");
    service.allocate_for_instance("demo", "vm1", {{provider.id, "", ""}, {tenant.id, "", ""}},
                                  "compute1");
    service.allocate_for_instance("demo", "vm2", {{tenant.id, "", ""}}, "compute2");
  }
  Network provider;
  Network tenant;
};

/// A dual-stack VXLAN network (IPv4 and a DHCPv6-stateful IPv6 subnet) with one instance on each
/// compute host: br-tun answers ARP and IPv6 neighbour solicitations for the remote one.
struct GoldenDualStack : testing::ServiceFixture {
  GoldenDualStack() {
    net = tenant_network("demo", "dual");
    subnet("demo", net.id, "10.0.0.0/24");
    SubnetRequest v6;
    v6.project_id = "demo";
    v6.network_id = net.id;
    v6.cidr = "2001:db8:1::/64";
    v6.ip_version = 6;
    v6.ipv6_ra_mode = "dhcpv6-stateful";
    v6.ipv6_address_mode = "dhcpv6-stateful";
    service.create_subnet(v6);
    vm1 = service.allocate_for_instance("demo", "vm1", {{net.id, "", ""}}, "compute1").at(0);
    vm2 = service.allocate_for_instance("demo", "vm2", {{net.id, "", ""}}, "compute2").at(0);
  }
  static IpAddress address(const Port& p, int version) {
    for (const FixedIp& f : p.fixed_ips)
      if (IpAddress::parse(f.ip_address)->version() == version)
        return *IpAddress::parse(f.ip_address);
    throw std::logic_error("port " + p.id + " has no IPv" + std::to_string(version) + " address");
  }
  Network net;
  Port vm1;
  Port vm2;
};

}  // namespace

TEST_CASE("golden flow tables: a dual-stack network with the ARP and IPv6 ND responders") {
  GoldenDualStack lab;
  const auto plans = compile_all(take_snapshot(lab.service));
  REQUIRE(plans.size() == 3);
  check_golden("dual_stack", plans);
}

TEST_CASE("br-tun answers a neighbour solicitation for a remote port without crossing a tunnel") {
  GoldenDualStack lab;
  PacketTracer tracer(take_snapshot(lab.service));
  const IpAddress target = GoldenDualStack::address(lab.vm2, 6);
  const MacAddress mac = *MacAddress::parse(lab.vm1.mac_address);
  const Packet solicitation =
      Packet::neighbor_solicitation(mac, GoldenDualStack::address(lab.vm1, 6), target);
  CHECK(solicitation.dl_dst.str().rfind("33:33:ff:", 0) == 0);  // solicited-node multicast
  const TraceResult trace = tracer.from_port(lab.vm1.id, solicitation);
  INFO(trace.format());
  CHECK(trace.hops.empty());  // answered on compute1
  bool answered = false;
  for (const TraceDelivery& d : trace.deliveries) {
    if (d.port_id != lab.vm1.id || !d.packet.is_neighbor_discovery()) continue;
    answered = d.packet.tp_src == icmpv6_neighbor_advertisement && d.packet.nd_target == target &&
               d.packet.nd_ll.str() == lab.vm2.mac_address && d.packet.dl_dst == mac &&
               d.packet.nw_src == target && d.packet.nd_options_type == 2 &&
               d.packet.nd_reserved == (nd_flag_solicited | nd_flag_override);
  }
  CHECK(answered);

  // With the address resolved through the responder, ping6 and tcp/22 between the two work as
  // the default group allows (its own members).
  Reachability reach(tracer);
  CHECK(reach.resolve_from_port(lab.vm1.id, target)->str() == lab.vm2.mac_address);
  const ReachabilityReport ping = reach.to_address(lab.vm1.id, target, {Protocol::icmp});
  INFO(ping.format());
  CHECK(ping.reachable);
  CHECK(ping.request.hops.size() == 1);
  CHECK(reach.to_address(lab.vm1.id, target, {Protocol::tcp, 22}).reachable);
}

TEST_CASE("golden flow tables: the self-service lab (VXLAN, router, floating IP, ssh rule)") {
  GoldenSelfService lab;
  const auto plans = compile_all(take_snapshot(lab.service));
  REQUIRE(plans.size() == 3);
  check_golden("selfservice", plans);
}

TEST_CASE("golden flow tables: provider flat network and tenant VLANs") {
  GoldenProviderVlan lab;
  const auto plans = compile_all(take_snapshot(lab.service));
  REQUIRE(plans.size() == 3);  // compute1, compute2, controller (DHCP of the VLAN network)
  check_golden("provider_vlan", plans);
}

TEST_CASE("compiled plans: bridges, port numbers, tunnels and local VLANs") {
  GoldenSelfService lab;
  const TopologySnapshot topology = take_snapshot(lab.service);
  const HostPlan compute1 = compile_host(topology, "compute1");
  REQUIRE(compute1.bridges.size() == 2);
  CHECK(compute1.bridges[0].name == "br-int");
  CHECK(compute1.bridges[1].name == "br-tun");
  CHECK(compute1.local_vlans.at(lab.selfservice.id) == 1);
  const auto& ports = compute1.bridges[0].ports;
  REQUIRE(ports.size() == 2);
  CHECK(ports[0].name == "patch-tun");
  CHECK(ports[0].options.at("peer") == "patch-int");
  CHECK(ports[1].name == "tap" + lab.vm1.id.substr(0, 11));
  CHECK(ports[1].ofport == 10);
  CHECK(ports[1].external_ids.at("iface-id") == lab.vm1.id);
  CHECK(ports[1].external_ids.at("vm-uuid") == "vm1");
  REQUIRE(compute1.tunnels.size() == 2);  // to compute2 and to the network node
  CHECK(compute1.tunnels[0].remote_host == "compute2");
  CHECK(compute1.tunnels[0].name == "vxlan-00000003");
  CHECK(compute1.tunnels[0].ofport == 1003);
  const HostPlan controller = compile_host(topology, "controller");
  REQUIRE(controller.bridges.size() == 3);
  CHECK(controller.bridges[2].name == "br-provider");
  CHECK(controller.bridges[2].ports[0].name == "eth1");
  // The external network and the self-service network both have a local VLAN there.
  CHECK(controller.local_vlans.size() == 2);
  // A host with nothing bound has nothing to install.
  CHECK(compile_host(topology, "compute9").bridges.empty());
}

TEST_CASE("port ranges compile to Neutron's value/mask matches") {
  testing::SelfServiceLab lab;
  const Port vm = lab.boot("vm1", "compute1");
  SecurityGroupRuleRequest r;
  r.project_id = "demo";
  r.security_group_id = lab.service.ensure_default_security_group("demo").id;
  r.direction = "ingress";
  r.protocol = "tcp";
  r.port_range_min = 1000;
  r.port_range_max = 1999;
  lab.service.create_security_group_rule(r);
  const HostPlan plan = compile_host(take_snapshot(lab.service), "compute1");
  std::vector<std::string> masks;
  for (const auto& rule : plan.bridges[0].flows.rules)
    if (rule.table == 82 && rule.match.count("tp_dst") == 1)
      masks.push_back(rule.match.at("tp_dst"));
  std::sort(masks.begin(), masks.end());
  // 1000-1999 = 1000/8 + 1008/16 + 1024/512 + 1536/256 + 1792/128 + 1920/64 + 1984/16.
  CHECK(masks == std::vector<std::string>{"0x3e8/0xfff8", "0x3f0/0xfff0", "0x400/0xfe00",
                                          "0x600/0xff00", "0x700/0xff80", "0x780/0xffc0",
                                          "0x7c0/0xfff0"});
  (void)vm;
}

TEST_CASE("every compiled rule is accepted by ovs-ofctl and by the tracer's parser") {
  GoldenSelfService lab;
  GoldenProviderVlan vlan;
  GoldenDualStack dual;
  std::string all;
  for (auto* service : {&lab.service, &vlan.service, &dual.service}) {
    for (const HostPlan& plan : compile_all(take_snapshot(*service))) {
      for (const BridgePlan& bridge : plan.bridges) {
        for (const auto& rule : bridge.flows.rules) {
          CHECK_NOTHROW(ParsedFlow::parse(rule));
          all += to_ofctl(rule) + "\n";
        }
      }
    }
  }
  const char* ofctl = "/usr/bin/ovs-ofctl";
  if (!fs::exists(ofctl)) {
    WARN("skipped the ovs-ofctl syntax check: " << ofctl
                                                << " is not installed "
                                                   "(openvswitch-switch)");
    return;
  }
  const fs::path file = fs::temp_directory_path() / "stacksim-network-flows.txt";
  std::ofstream(file) << all;
  const std::string command =
      std::string(ofctl) + " parse-flows " + file.string() + " > /dev/null 2>&1";
  CHECK(std::system(command.c_str()) == 0);
  // And the check does reject bad syntax.
  std::ofstream(file) << "table=0,priority=1,in_port=tap0,actions=output:1\n";
  CHECK(std::system(command.c_str()) != 0);
  fs::remove(file);
}

TEST_CASE("the tracer's parser refuses vocabulary it does not evaluate") {
  stacksim::runtime::FlowRule rule = make_rule(0, 1, {{"metadata", "0x1"}}, {"normal"});
  CHECK_THROWS_WITH(ParsedFlow::parse(rule),
                    "flow 'table=0,priority=1,metadata=0x1,actions=normal': match field "
                    "'metadata' is not evaluated");
  rule = make_rule(0, 1, {}, {"normal"});
  CHECK_THROWS_WITH(ParsedFlow::parse(rule),
                    "flow 'table=0,priority=1,actions=normal': action 'normal' is not evaluated");
}
