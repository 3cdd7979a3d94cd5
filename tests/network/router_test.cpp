#include <catch2/catch.hpp>

#include "tests/network/network_fixture.hpp"

using namespace stacksim::network;
using stacksim::network::testing::error_of;
using stacksim::network::testing::ServiceFixture;
using E = std::pair<std::string, std::string>;

TEST_CASE("router lifecycle: gateway, interfaces, routes and their errors") {
  ServiceFixture f;
  const Network ext = f.external_network();
  const Network n = f.tenant_network("p1");
  const Subnet s = f.subnet("p1", n.id, "10.0.0.0/24");
  const Network tenant2 = f.tenant_network("p1", "other");

  Router r = f.service.create_router({"p1", "router", {}, {}});
  CHECK(r.status == "ACTIVE");
  CHECK_FALSE(r.external_gateway_info);
  CHECK(error_of([&] {
          f.service.set_router_gateway(r.id, {tenant2.id, true, {}});
        }) == E{"BadRequest",
                "Bad router request: Network " + tenant2.id + " is not an external network."});
  r = f.service.set_router_gateway(r.id, {ext.id, true, {}});
  REQUIRE(r.external_gateway_info);
  CHECK(r.external_gateway_info->enable_snat);
  CHECK(r.external_gateway_info->external_fixed_ips.at(0).ip_address == "203.0.113.2");
  CHECK(f.service.get_port(r.gateway_port_id).device_owner == owner_router_gateway);

  const RouterInterface itf = f.service.add_router_interface_subnet(r.id, s.id);
  const Port itf_port = f.service.get_port(itf.port_id);
  CHECK(itf_port.fixed_ips.at(0).ip_address == "10.0.0.1");
  CHECK(itf_port.binding_host_id == "controller");
  CHECK(error_of([&] { f.service.add_router_interface_subnet(r.id, s.id); }) ==
        E{"BadRequest", "Bad router request: Router already has a port on subnet " + s.id + "."});
  CHECK(error_of([&] { f.service.delete_port(itf.port_id); }) ==
        E{"L3PortInUse", "Port " + itf.port_id +
                             " has owner network:router_interface and therefore cannot be "
                             "deleted directly via the port API."});

  const Network other_project = f.tenant_network("p1", "overlap");
  const Subnet overlapping = f.subnet("p1", other_project.id, "10.0.0.0/25");
  CHECK(error_of([&] { f.service.add_router_interface_subnet(r.id, overlapping.id); }) ==
        E{"BadRequest", "Bad router request: Cidr 10.0.0.0/25 of subnet " + overlapping.id +
                            " overlaps with cidr 10.0.0.0/24 of subnet " + s.id + "."});
  SubnetRequest no_gw;
  no_gw.project_id = "p1";
  no_gw.network_id = tenant2.id;
  no_gw.cidr = "10.5.0.0/24";
  no_gw.no_gateway = true;
  const Subnet gatewayless = f.service.create_subnet(no_gw);
  CHECK(error_of([&] { f.service.add_router_interface_subnet(r.id, gatewayless.id); }) ==
        E{"BadRequest", "Bad router request: Subnet for router interface must have a gateway IP."});

  // An interface from a port the user made.
  const Network third = f.tenant_network("p1", "third");
  f.subnet("p1", third.id, "10.7.0.0/24");
  const Port user_port = f.port("p1", third.id);
  const RouterInterface by_port = f.service.add_router_interface_port(r.id, user_port.id);
  CHECK(f.service.get_port(by_port.port_id).device_owner == owner_router_interface);

  r = f.service.update_router_routes(r.id, {{"172.16.0.0/16", "10.0.0.10"}});
  CHECK(r.routes == std::vector<HostRoute>{{"172.16.0.0/16", "10.0.0.10"}});
  CHECK(error_of([&] {
          f.service.update_router_routes(r.id, {{"172.16.0.0/16", "10.9.0.10"}});
        }) == E{"BadRequest",
                "Bad router request: Invalid format for routes: [{'destination': "
                "'172.16.0.0/16', 'nexthop': '10.9.0.10'}], the nexthop is not connected "
                "with router."});
  CHECK(error_of([&] { f.service.remove_router_interface_subnet(r.id, s.id); }).first ==
        "RouterInterfaceInUseByRoute");
  f.service.update_router_routes(r.id, {});

  CHECK(error_of([&] { f.service.delete_router(r.id); }) ==
        E{"RouterInUse", "Router " + r.id + " still has ports"});
  f.service.remove_router_interface_subnet(r.id, s.id);
  f.service.remove_router_interface_port(r.id, by_port.port_id);
  CHECK(error_of([&] { f.service.remove_router_interface_subnet(r.id, s.id); }) ==
        E{"RouterInterfaceNotFoundForSubnet",
          "Router " + r.id + " has no interface on subnet " + s.id});
  const std::string gw_port = r.gateway_port_id;
  f.service.delete_router(r.id);
  CHECK(error_of([&] { (void)f.service.get_port(gw_port); }).first == "PortNotFound");
  CHECK(error_of([&] { (void)f.service.get_router(r.id); }) ==
        E{"RouterNotFound", "Router " + r.id + " could not be found"});
}

TEST_CASE("floating IPs: allocate, associate, disassociate and Neutron's refusals") {
  ServiceFixture f;
  const Network ext = f.external_network("203.0.113.0/29");  // .2-.6
  const Network n = f.tenant_network("p1");
  const Subnet s = f.subnet("p1", n.id, "10.0.0.0/24");
  const Port vm = f.port("p1", n.id, "compute1");

  CHECK(error_of([&] {
          f.service.create_floating_ip({"p1", n.id, {}, {}, {}, ""});
        }) == E{"BadRequest",
                "Bad floatingip request: Network " + n.id + " is not a valid external network."});
  CHECK(error_of([&] {
          f.service.create_floating_ip({"p1", "nope", {}, {}, {}, ""});
        }).first == "NetworkNotFound");

  FloatingIp fip = f.service.create_floating_ip({"p1", ext.id, {}, {}, {}, ""});
  CHECK(fip.floating_ip_address == "203.0.113.2");
  CHECK(fip.status == "DOWN");
  // No router connects the port's subnet to the external network yet.
  CHECK(error_of([&] { f.service.associate_floating_ip(fip.id, vm.id); }) ==
        E{"ExternalGatewayForFloatingIPNotFound",
          "External network " + ext.id + " is not reachable from subnet " + s.id +
              ".  Therefore, cannot associate Port " + vm.id + " with a Floating IP."});

  const Router r = f.service.create_router({"p1", "r", {}, ExternalGatewayInfo{ext.id, true, {}}});
  f.service.add_router_interface_subnet(r.id, s.id);
  fip = f.service.associate_floating_ip(fip.id, vm.id);
  CHECK(fip.port_id == vm.id);
  CHECK(fip.fixed_ip_address == "10.0.0.3");
  CHECK(fip.router_id == r.id);
  CHECK(fip.status == "ACTIVE");

  const FloatingIp second = f.service.create_floating_ip({"p1", ext.id, {}, {}, {}, ""});
  CHECK(error_of([&] { f.service.associate_floating_ip(second.id, vm.id); }).first ==
        "FloatingIPPortAlreadyAssociated");
  CHECK(error_of([&] { f.service.clear_router_gateway(r.id); }).first ==
        "RouterExternalGatewayInUseByFloatingIp");
  CHECK(error_of([&] { f.service.remove_router_interface_subnet(r.id, s.id); }).first ==
        "RouterInterfaceInUseByFloatingIP");

  // The external subnet runs out: .2 router gateway... then exhaustion.
  f.service.create_floating_ip({"p1", ext.id, {}, {}, {}, ""});
  f.service.create_floating_ip({"p1", ext.id, {}, {}, {}, ""});
  CHECK(error_of([&] {
          f.service.create_floating_ip({"p1", ext.id, {}, {}, {}, ""});
        }) == E{"IpAddressGenerationFailure",
                "No more IP addresses available on network " + ext.id + "."});

  fip = f.service.disassociate_floating_ip(fip.id);
  CHECK(fip.port_id.empty());
  CHECK(fip.status == "DOWN");
  // Deleting the instance port disassociates its floating IP.
  f.service.associate_floating_ip(fip.id, vm.id);
  f.service.delete_port(vm.id);
  CHECK(f.service.get_floating_ip(fip.id).port_id.empty());
  f.service.delete_floating_ip(fip.id);
  CHECK(error_of([&] { (void)f.service.get_floating_ip(fip.id); }) ==
        E{"FloatingIPNotFound", "Floating IP " + fip.id + " could not be found"});
  // The address went back to the pool.
  CHECK(f.service.create_floating_ip({"p1", ext.id, {}, {}, {}, ""}).floating_ip_address ==
        fip.floating_ip_address);
  // Another tenant's port.
  const Network n2 = f.tenant_network("p2");
  f.subnet("p2", n2.id, "10.0.0.0/24");
  const Port foreign = f.port("p2", n2.id);
  const FloatingIp mine = f.service.list_floating_ips("p1").back();
  CHECK(error_of([&] { f.service.associate_floating_ip(mine.id, foreign.id); }).second ==
        "Bad floatingip request: Cannot create floating IP and bind it to Port " + foreign.id +
            ", since that port is owned by a different tenant.");
}

TEST_CASE("security groups: the default group, rules, validation and deletion") {
  ServiceFixture f;
  const SecurityGroup def = f.service.ensure_default_security_group("p1");
  CHECK(def.name == "default");
  REQUIRE(def.rules.size() == 4);
  int ingress_from_self = 0;
  int egress_open = 0;
  for (const SecurityGroupRule& r : def.rules) {
    if (r.direction == "ingress" && r.remote_group_id == def.id) ++ingress_from_self;
    if (r.direction == "egress" && !r.remote_group_id && !r.remote_ip_prefix && !r.protocol)
      ++egress_open;
  }
  CHECK(ingress_from_self == 2);
  CHECK(egress_open == 2);
  CHECK(f.service.ensure_default_security_group("p1").id == def.id);
  CHECK(f.service.list_security_groups("p2").size() == 1);  // listing creates p2's default

  const SecurityGroup web = f.service.create_security_group("p1", "web", "web servers");
  CHECK(web.rules.size() == 2);  // egress IPv4 and IPv6
  auto rule = [&](auto&& edit) {
    SecurityGroupRuleRequest r;
    r.project_id = "p1";
    r.security_group_id = web.id;
    r.direction = "ingress";
    edit(r);
    return r;
  };
  const auto ssh = rule([](SecurityGroupRuleRequest& r) {
    r.protocol = "tcp";
    r.port_range_min = 22;
    r.port_range_max = 22;
    r.remote_ip_prefix = "0.0.0.0/0";
  });
  const SecurityGroupRule created = f.service.create_security_group_rule(ssh);
  CHECK(error_of([&] { f.service.create_security_group_rule(ssh); }) ==
        E{"SecurityGroupRuleExists",
          "Security group rule already exists. Rule id is " + created.id + "."});
  auto ssh_numeric = ssh;
  ssh_numeric.protocol = "6";
  CHECK(error_of([&] { f.service.create_security_group_rule(ssh_numeric); }).first ==
        "SecurityGroupRuleExists");
  CHECK(error_of([&] {
          f.service.create_security_group_rule(rule([](SecurityGroupRuleRequest& r) {
            r.protocol = "tcp";
            r.port_range_min = 30;
            r.port_range_max = 20;
          }));
        }) == E{"BadRequest",
                "Bad security_group_rule request: For TCP/UDP protocols, "
                "port_range_min must be <= port_range_max."});
  CHECK(error_of([&] {
          f.service.create_security_group_rule(
              rule([](SecurityGroupRuleRequest& r) { r.protocol = "bogus"; }));
        })
            .second.rfind("Bad security_group_rule request: Security group rule protocol bogus not "
                          "supported. Only protocol values [None, 'ah',",
                          0) == 0);
  CHECK(error_of([&] {
          f.service.create_security_group_rule(rule([&](SecurityGroupRuleRequest& r) {
            r.remote_ip_prefix = "10.0.0.0/8";
            r.remote_group_id = web.id;
          }));
        }).second ==
        "Bad security_group_rule request: Only remote_ip_prefix or remote_group_id may be "
        "provided.");
  CHECK(error_of([&] {
          f.service.create_security_group_rule(rule([](SecurityGroupRuleRequest& r) {
            r.ethertype = "IPv6";
            r.remote_ip_prefix = "10.0.0.0/8";
          }));
        }).second ==
        "Bad security_group_rule request: Conflicting value ethertype IPv6 for CIDR 10.0.0.0/8.");
  CHECK(error_of([&] {
          f.service.create_security_group_rule(
              rule([](SecurityGroupRuleRequest& r) { r.direction = "sideways"; }));
        }) == E{"HTTPBadRequest",
                "Invalid input for direction. Reason: 'sideways' is not in "
                "['ingress', 'egress']."});
  CHECK(error_of([&] {
          f.service.create_security_group_rule(rule([](SecurityGroupRuleRequest& r) {
            r.protocol = "icmp";
            r.port_range_max = 0;
          }));
        }).second ==
        "Bad security_group_rule request: ICMP code (port-range-max) 0 is provided "
        "but ICMP type (port-range-min) is missing.");
  CHECK(error_of([&] {
          f.service.create_security_group_rule(
              rule([](SecurityGroupRuleRequest& r) { r.port_range_min = 22; }));
        }).second ==
        "Bad security_group_rule request: Must also specify protocol if port range "
        "is given.");
  // Normalisation: a remote prefix with host bits, a single port.
  const auto normalised =
      f.service.create_security_group_rule(rule([](SecurityGroupRuleRequest& r) {
        r.protocol = "udp";
        r.port_range_min = 53;
        r.remote_ip_prefix = "192.168.1.7/24";
      }));
  CHECK(normalised.remote_ip_prefix == "192.168.1.0/24");
  CHECK(normalised.port_range_max == 53);

  CHECK(error_of([&] { f.service.create_security_group("p1", "default"); }).first ==
        "SecurityGroupDefaultAlreadyExists");
  CHECK(error_of([&] { f.service.delete_security_group(def.id); }) ==
        E{"SecurityGroupCannotRemoveDefault",
          "Insufficient rights for removing default security group."});
  const Network n = f.tenant_network("p1");
  PortRequest pr;
  pr.project_id = "p1";
  pr.network_id = n.id;
  pr.security_groups = std::vector<std::string>{web.id};
  const Port p = f.service.create_port(pr);
  CHECK(error_of([&] { f.service.delete_security_group(web.id); }) ==
        E{"SecurityGroupInUse", "Security Group " + web.id + " in use."});
  f.service.delete_port(p.id);
  f.service.delete_security_group_rule(created.id);
  CHECK(error_of([&] { f.service.delete_security_group_rule(created.id); }) ==
        E{"SecurityGroupRuleNotFound", "Security group rule " + created.id + " does not exist"});
  f.service.delete_security_group(web.id);
  CHECK(error_of([&] { (void)f.service.get_security_group(web.id); }) ==
        E{"SecurityGroupNotFound", "Security group " + web.id + " does not exist"});
}
