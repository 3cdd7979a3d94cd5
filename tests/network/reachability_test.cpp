#include <catch2/catch.hpp>

#include "core/network/reachability.hpp"
#include "tests/network/topologies.hpp"

using namespace stacksim::network;
using stacksim::network::testing::SelfServiceLab;

namespace {

const Probe ping{Protocol::icmp, 0, 0};
const Probe ssh{Protocol::tcp, 22, 40000};

IpAddress ip(const std::string& text) {
  return *IpAddress::parse(text);
}

/// A fresh tracer over the lab's current state (rules changed: recompile, as agents would).
PacketTracer tracer_of(SelfServiceLab& lab) {
  return PacketTracer(take_snapshot(lab.service));
}

}  // namespace

TEST_CASE("instances on one tenant network ping each other, across hosts and on one host") {
  SelfServiceLab lab;
  const Port vm1 = lab.boot("vm1", "compute1");
  const Port vm2 = lab.boot("vm2", "compute2");
  const Port vm3 = lab.boot("vm3", "compute1");
  PacketTracer tracer = tracer_of(lab);
  Reachability r(tracer);
  const auto across = r.between_ports(vm1.id, vm2.id, ping);
  INFO(across.format());
  CHECK(across.reachable);
  CHECK(across.request.hops.size() == 1);  // one VXLAN hop compute1 -> compute2
  CHECK(across.request.hops.at(0).medium == "vxlan");
  CHECK(across.request.hops.at(0).segment == lab.selfservice.segmentation_id);
  const auto local = r.between_ports(vm1.id, vm3.id, ssh);  // same group: any protocol
  INFO(local.format());
  CHECK(local.reachable);
  CHECK(local.request.hops.empty());
  // The ARP responder in br-tun answers for remote addresses.
  CHECK(r.resolve_from_port(vm1.id, ip(vm2.fixed_ips[0].ip_address)) ==
        MacAddress::parse(vm2.mac_address));
  // Instances reach their gateway, which answers ping.
  const auto gateway = r.to_address(vm2.id, ip("172.16.1.1"), ping);
  INFO(gateway.format());
  CHECK(gateway.reachable);
}

TEST_CASE("default ingress rules block other groups until a rule allows icmp, then tcp/22") {
  SelfServiceLab lab;
  const Port vm1 = lab.boot("vm1", "compute1");
  const SecurityGroup web = lab.service.create_security_group("demo", "web");
  const Port vm2 = lab.service
                       .allocate_for_instance("demo", "vm2", {{lab.selfservice.id, "", ""}},
                                              "compute2", {web.id})
                       .at(0);
  {
    PacketTracer tracer = tracer_of(lab);
    Reachability r(tracer);
    const auto blocked = r.between_ports(vm1.id, vm2.id, ping);
    CHECK_FALSE(blocked.reachable);
    CHECK(blocked.reason.find("was not delivered") != std::string::npos);
    // The drop happens in the ingress rules table of vm2's host.
    CHECK(blocked.request.steps.back().host == "compute2");
    CHECK(blocked.request.steps.back().table == 82);
    // vm2's egress is open: it reaches vm1 (vm1's group admits members only, and vm2 is not one).
    CHECK_FALSE(r.between_ports(vm2.id, vm1.id, ping).reachable);
  }
  SecurityGroupRuleRequest icmp;
  icmp.project_id = "demo";
  icmp.security_group_id = web.id;
  icmp.direction = "ingress";
  icmp.protocol = "icmp";
  lab.service.create_security_group_rule(icmp);
  {
    PacketTracer tracer = tracer_of(lab);
    Reachability r(tracer);
    const auto pinged = r.between_ports(vm1.id, vm2.id, ping);
    INFO(pinged.format());
    CHECK(pinged.reachable);
    CHECK_FALSE(r.between_ports(vm1.id, vm2.id, ssh).reachable);
  }
  SecurityGroupRuleRequest tcp22 = icmp;
  tcp22.protocol = "tcp";
  tcp22.port_range_min = 22;
  tcp22.port_range_max = 22;
  lab.service.create_security_group_rule(tcp22);
  PacketTracer tracer = tracer_of(lab);
  Reachability r(tracer);
  const auto sshed = r.between_ports(vm1.id, vm2.id, ssh);
  INFO(sshed.format());
  CHECK(sshed.reachable);
  CHECK_FALSE(r.between_ports(vm1.id, vm2.id, {Protocol::tcp, 80, 40000}).reachable);
  CHECK_FALSE(r.between_ports(vm1.id, vm2.id, {Protocol::udp, 22, 40000}).reachable);
}

TEST_CASE("from the external network an instance is reachable only via its floating IP") {
  SelfServiceLab lab;
  const Port vm1 = lab.boot("vm1", "compute1");
  const FloatingIp fip =
      lab.service.create_floating_ip({"demo", lab.provider.id, {}, vm1.id, {}, ""});
  const IpAddress floating = ip(fip.floating_ip_address);
  const IpAddress fixed = ip(vm1.fixed_ips[0].ip_address);
  const IpAddress router_gateway =
      ip(lab.router.external_gateway_info->external_fixed_ips[0].ip_address);
  {
    PacketTracer tracer = tracer_of(lab);
    Reachability r(tracer);
    // The default group admits no one from outside.
    CHECK_FALSE(r.from_external("203.0.113.10", floating, ping).reachable);
    CHECK_FALSE(r.from_external("203.0.113.10", floating, ssh).reachable);
  }
  lab.allow("demo", "icmp");
  lab.allow("demo", "tcp", 22);
  PacketTracer tracer = tracer_of(lab);
  Reachability r(tracer);
  // The router answers ARP for the floating IP with its gateway MAC.
  CHECK(r.resolve_from_external(lab.service.list_external_neighbors().at(1), floating) ==
        MacAddress::parse(lab.service.get_port(lab.router.gateway_port_id).mac_address));
  for (const Probe& probe : {ping, ssh}) {
    const auto via_fip = r.from_external("203.0.113.10", floating, probe);
    INFO(via_fip.format());
    CHECK(via_fip.reachable);
    // DNAT: the instance sees its fixed address; the client sees the floating one answer.
    REQUIRE_FALSE(via_fip.request.deliveries.empty());
    CHECK(via_fip.request.deliveries.back().packet.nw_dst == fixed);
  }
  // The fixed address is not reachable from outside, even with a route via the router.
  const auto direct = r.from_external("203.0.113.10", fixed, ssh, router_gateway);
  INFO(direct.format());
  CHECK_FALSE(direct.reachable);
  CHECK(direct.request.deliveries.empty());
  CHECK_FALSE(r.from_external("203.0.113.10", fixed, ping).reachable);  // no route at all

  // Outbound: the instance with a floating IP leaves with it (SNAT), and the reply comes back.
  const auto out = r.to_address(vm1.id, ip("203.0.113.10"), ssh);
  INFO(out.format());
  CHECK(out.reachable);
  CHECK(out.request.deliveries.back().packet.nw_src == floating);
}

TEST_CASE("instances without a floating IP reach outside through the router's SNAT") {
  SelfServiceLab lab;
  const Port vm2 = lab.boot("vm2", "compute2");
  PacketTracer tracer = tracer_of(lab);
  Reachability r(tracer);
  const auto out = r.to_address(vm2.id, ip("203.0.113.10"), ping);
  INFO(out.format());
  CHECK(out.reachable);
  const auto& seen = out.request.deliveries.back();
  CHECK(seen.external_ip == "203.0.113.10");
  CHECK(seen.packet.nw_src.str() ==
        lab.router.external_gateway_info->external_fixed_ips[0].ip_address);
  // Off the external subnet, through the upstream router.
  const auto internet = r.to_address(vm2.id, ip("8.8.8.8"), {Protocol::udp, 53, 5353});
  CHECK_FALSE(internet.reachable);  // nothing answers at 8.8.8.8 in this lab ...
  const TraceDelivery& upstream = internet.request.deliveries.back();
  CHECK(upstream.external_ip == "203.0.113.1");  // ... but it left to the upstream router
  CHECK(upstream.packet.nw_dst.str() == "8.8.8.8");
  CHECK(upstream.packet.dl_dst.str() == "52:54:00:00:00:01");
}

TEST_CASE("tenants with overlapping CIDRs stay isolated, on the same hosts") {
  testing::ServiceFixture f;
  const Network a = f.tenant_network("alice", "a");
  const Network b = f.tenant_network("bob", "b");
  f.subnet("alice", a.id, "10.0.0.0/24");
  f.subnet("bob", b.id, "10.0.0.0/24");
  auto boot = [&](const std::string& project, const Network& n, const std::string& name,
                  const std::string& host) {
    return f.service.allocate_for_instance(project, name, {{n.id, "", ""}}, host).at(0);
  };
  const Port a1 = boot("alice", a, "a1", "compute1");
  const Port a2 = boot("alice", a, "a2", "compute2");
  const Port b1 = boot("bob", b, "b1", "compute1");
  const Port b2 = boot("bob", b, "b2", "compute2");
  CHECK(a2.fixed_ips[0].ip_address == b2.fixed_ips[0].ip_address);
  PacketTracer tracer(take_snapshot(f.service));
  Reachability r(tracer);
  CHECK(r.between_ports(a1.id, a2.id, ping).reachable);
  CHECK(r.between_ports(b1.id, b2.id, ping).reachable);
  // Alice's packet for 10.0.0.4 reaches Alice's a2, never Bob's b2 (nor b1 on her own host).
  const auto cross = r.between_ports(a1.id, b2.id, ping);
  CHECK_FALSE(cross.reachable);
  CHECK_FALSE(cross.request.delivered_to_port(b2.id));
  CHECK_FALSE(cross.request.delivered_to_port(b1.id));
  CHECK(cross.request.delivered_to_port(a2.id));
  // Different VNIs on the wire.
  const auto va = r.between_ports(a1.id, a2.id, ping).request.hops.at(0).segment;
  const auto vb = r.between_ports(b1.id, b2.id, ping).request.hops.at(0).segment;
  CHECK(va != vb);
}

TEST_CASE("a router connects two tenant subnets; static routes; admin-down ports drop") {
  SelfServiceLab lab;
  const Network second = lab.tenant_network("demo", "second");
  SubnetRequest s;
  s.project_id = "demo";
  s.network_id = second.id;
  s.cidr = "172.16.2.0/24";
  lab.service.create_subnet(s);
  lab.service.add_router_interface_subnet(lab.router.id,
                                          lab.service.get_network(second.id).subnets[0]);
  const Port vm1 = lab.boot("vm1", "compute1");
  const Port vm2 = lab.boot("vm2", "compute2", second.id);
  PacketTracer tracer = tracer_of(lab);
  Reachability r(tracer);
  const auto routed = r.between_ports(vm1.id, vm2.id, ssh);  // same default group
  INFO(routed.format());
  CHECK(routed.reachable);
  // compute1 -> controller (router) -> compute2.
  REQUIRE(routed.request.hops.size() == 2);
  CHECK(routed.request.hops[0].to == "controller");
  CHECK(routed.request.hops[1].to == "compute2");
  CHECK(routed.request.deliveries.back().packet.ttl == 63);

  PortUpdate down;
  down.admin_state_up = false;
  lab.service.update_port(vm2.id, down);
  PacketTracer after = tracer_of(lab);
  Reachability r2(after);
  CHECK_FALSE(r2.between_ports(vm1.id, vm2.id, ping).reachable);
}

TEST_CASE("VLAN tenant networks and a flat provider network cross the physical network") {
  NetworkConfig config;
  config.tenant_network_types = {NetworkType::vlan};
  config.network_vlan_ranges = parse_vlan_ranges("provider,physnet2:100:199");
  config.bridge_mappings = parse_bridge_mappings("provider:br-provider:eth1,physnet2:br-vlan:eth2");
  testing::ServiceFixture f(config);
  const Network provider = f.external_network();
  f.service.add_external_neighbor({provider.id, "203.0.113.1", "52:54:00:00:00:01"});
  const Network tenant = f.tenant_network("demo", "vlan-net");
  f.subnet("demo", tenant.id, "10.10.0.0/24");
  const auto vm1 = f.service.allocate_for_instance(
      "demo", "vm1", {{tenant.id, "", ""}, {provider.id, "", ""}}, "compute1");
  const Port vm2 =
      f.service.allocate_for_instance("demo", "vm2", {{tenant.id, "", ""}}, "compute2").at(0);
  PacketTracer tracer(take_snapshot(f.service));
  Reachability r(tracer);
  const auto east_west = r.between_ports(vm1[0].id, vm2.id, ping);
  INFO(east_west.format());
  CHECK(east_west.reachable);
  REQUIRE(east_west.request.hops.size() == 1);
  CHECK(east_west.request.hops[0].medium == "physnet2");
  CHECK(east_west.request.hops[0].segment == 100);  // the provider VLAN on the wire
  // On the flat provider network the instance talks to the upstream router directly, untagged.
  const auto upstream = r.to_address(vm1[1].id, ip("203.0.113.1"), ping);
  INFO(upstream.format());
  CHECK(upstream.reachable);
  REQUIRE_FALSE(upstream.request.deliveries.empty());
  CHECK(upstream.request.deliveries.back().external_ip == "203.0.113.1");
  CHECK_FALSE(upstream.request.deliveries.back().packet.vlan);
}
