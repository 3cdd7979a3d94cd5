#include <catch2/catch.hpp>

#include "tests/network/network_fixture.hpp"

using namespace stacksim::network;
using stacksim::network::testing::error_of;
using stacksim::network::testing::ServiceFixture;

TEST_CASE("addresses and CIDRs parse, print and compare like netaddr") {
  CHECK(IpAddress::parse("10.0.0.1")->str() == "10.0.0.1");
  CHECK(IpAddress::parse("2001:DB8:0:0:0:0:0:1")->str() == "2001:db8::1");
  CHECK_FALSE(IpAddress::parse("10.0.0.256"));
  CHECK_FALSE(IpAddress::parse("10.0.0"));
  CHECK(Cidr::parse("10.0.0.0/24")->last().str() == "10.0.0.255");
  CHECK(Cidr::parse("10.0.0.5/24")->has_host_bits());
  CHECK_FALSE(Cidr::parse("10.0.0.0/33"));
  CHECK(Cidr::parse("10.0.0.0/16")->overlaps(*Cidr::parse("10.0.5.0/24")));
  CHECK_FALSE(Cidr::parse("10.0.0.0/24")->overlaps(*Cidr::parse("10.0.1.0/24")));
  CHECK(Cidr::parse("2001:db8::/64")->last().str() == "2001:db8::ffff:ffff:ffff:ffff");
  CHECK(Cidr::parse("0.0.0.0/0")->contains(*IpAddress::parse("8.8.8.8")));
  CHECK(Cidr::parse("::/0")->contains(*IpAddress::parse("2001:db8::1")));
  CHECK(Cidr::parse("10.1.2.3", true)->str() == "10.1.2.3/32");
  CHECK(Cidr::parse("10.0.0.0/24")->netmask() == "255.255.255.0");
  CHECK(IpAddress::parse("10.0.0.2")->key() < IpAddress::parse("10.0.0.10")->key());
}

TEST_CASE("a subnet gets Neutron's default gateway and allocation pool") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  const Subnet s = f.subnet("p1", n.id, "10.0.0.0/24");
  CHECK(s.gateway_ip == "10.0.0.1");
  REQUIRE(s.allocation_pools.size() == 1);
  CHECK(s.allocation_pools[0] == AllocationPool{"10.0.0.2", "10.0.0.254"});
  CHECK(s.enable_dhcp);

  // A gateway in the middle splits the pool around it.
  const Network n2 = f.tenant_network("p1", "n2");
  SubnetRequest r;
  r.project_id = "p1";
  r.network_id = n2.id;
  r.cidr = "10.9.0.0/29";
  r.gateway_ip = "10.9.0.4";
  r.enable_dhcp = false;
  const Subnet split = f.service.create_subnet(r);
  CHECK(split.allocation_pools ==
        std::vector<AllocationPool>{{"10.9.0.1", "10.9.0.3"}, {"10.9.0.5", "10.9.0.6"}});
}

TEST_CASE("IPAM hands out the lowest free address, never twice, and reports exhaustion") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  SubnetRequest r;
  r.project_id = "p1";
  r.network_id = n.id;
  r.cidr = "10.0.0.0/29";  // pool .2-.6; the DHCP port takes .2
  const Subnet s = f.service.create_subnet(r);
  std::vector<std::string> got;
  for (int i = 0; i < 4; ++i)
    got.push_back(f.port("p1", n.id).fixed_ips.at(0).ip_address);
  CHECK(got == std::vector<std::string>{"10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"});
  CHECK(
      error_of([&] { f.port("p1", n.id); }) ==
      std::pair<std::string, std::string>{
          "IpAddressGenerationFailure", "No more IP addresses available on network " + n.id + "."});
  // Releasing an address makes it the next one handed out.
  const auto ports = f.service.list_ports({.network_id = n.id, .device_owner = ""});
  f.service.delete_port(ports.at(1).id);  // held 10.0.0.4
  CHECK(f.port("p1", n.id).fixed_ips.at(0).ip_address == "10.0.0.4");

  // A specific address: in use, outside the subnet, the broadcast address.
  PortRequest fixed;
  fixed.project_id = "p1";
  fixed.network_id = n.id;
  fixed.fixed_ips = std::vector<FixedIpRequest>{{s.id, "10.0.0.3"}};
  CHECK(error_of([&] { f.service.create_port(fixed); }) ==
        std::pair<std::string, std::string>{"IpAddressInUse",
                                            "Unable to complete operation for network " + n.id +
                                                ". The IP address 10.0.0.3 is in use."});
  fixed.fixed_ips = std::vector<FixedIpRequest>{{s.id, "10.0.1.3"}};
  CHECK(error_of([&] { f.service.create_port(fixed); }).second ==
        "Bad port request: IP address 10.0.1.3 is not a valid IP for the specified subnet.");
  fixed.fixed_ips = std::vector<FixedIpRequest>{{std::nullopt, "10.0.0.7"}};
  CHECK(error_of([&] { f.service.create_port(fixed); }).second ==
        "Bad port request: IP address 10.0.0.7 is not a valid IP for the specified subnet.");
  fixed.fixed_ips = std::vector<FixedIpRequest>{{std::nullopt, "192.168.0.7"}};
  CHECK(error_of([&] { f.service.create_port(fixed); }).second ==
        "Bad port request: IP address 192.168.0.7 is not a valid IP for any of the subnets on the "
        "specified network.");
}

TEST_CASE("overlapping CIDRs: refused within a network, allowed across networks and projects") {
  ServiceFixture f;
  const Network a = f.tenant_network("p1", "a");
  const Network b = f.tenant_network("p2", "b");
  const Network c = f.tenant_network("p1", "c");
  f.subnet("p1", a.id, "10.0.0.0/24");
  CHECK(error_of([&] { f.subnet("p1", a.id, "10.0.0.128/25"); }) ==
        std::pair<std::string, std::string>{
            "InvalidInput",
            "Invalid input for operation: Requested subnet with cidr: "
            "10.0.0.128/25 for network: " +
                a.id + " overlaps with another subnet."});
  CHECK(f.subnet("p2", b.id, "10.0.0.0/24").cidr == "10.0.0.0/24");
  CHECK(f.subnet("p1", c.id, "10.0.0.0/16").cidr == "10.0.0.0/16");
  // Both tenants get the same first address.
  CHECK(f.port("p1", a.id).fixed_ips.at(0).ip_address == "10.0.0.3");
  CHECK(f.port("p2", b.id).fixed_ips.at(0).ip_address == "10.0.0.3");
}

TEST_CASE("subnet validation errors are Neutron's") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  auto attempt = [&](auto&& edit) {
    SubnetRequest r;
    r.project_id = "p1";
    r.network_id = n.id;
    r.cidr = "10.0.0.0/24";
    edit(r);
    return error_of([&] { f.service.create_subnet(r); });
  };
  using E = std::pair<std::string, std::string>;
  CHECK(attempt([](SubnetRequest& r) { r.gateway_ip = "10.0.1.1"; }) ==
        E{"InvalidInput", "Invalid input for operation: Gateway is not valid on subnet."});
  CHECK(attempt([](SubnetRequest& r) { r.gateway_ip = "10.0.0.255"; }) ==
        E{"InvalidInput", "Invalid input for operation: Gateway is not valid on subnet."});
  CHECK(attempt([](SubnetRequest& r) { r.cidr = "10.0.0.5/24"; }) ==
        E{"HTTPBadRequest",
          "Invalid input for cidr. Reason: '10.0.0.5/24' isn't a recognized IP "
          "subnet cidr, '10.0.0.0/24' is recommended."});
  CHECK(attempt([](SubnetRequest& r) { r.cidr = "10.0.0.0/40"; }) ==
        E{"HTTPBadRequest",
          "Invalid input for cidr. Reason: '10.0.0.0/40' is not a valid IP subnet."});
  CHECK(attempt([](SubnetRequest& r) { r.ip_version = 6; }) ==
        E{"InvalidInput",
          "Invalid input for operation: cidr '10.0.0.0/24' does not match the ip_version '6'."});
  CHECK(attempt([](SubnetRequest& r) {
          r.allocation_pools = std::vector<AllocationPool>{{"10.0.0.1", "10.0.0.20"}};
        }) == E{"GatewayConflictWithAllocationPools",
                "Gateway ip 10.0.0.1 conflicts with allocation pool 10.0.0.1-10.0.0.20."});
  CHECK(attempt([](SubnetRequest& r) {
          r.allocation_pools = std::vector<AllocationPool>{{"10.0.0.10", "10.0.1.20"}};
        }) == E{"BadRequest",
                "Bad subnet request: The allocation pool 10.0.0.10-10.0.1.20 spans "
                "beyond the subnet cidr 10.0.0.0/24."});
  CHECK(attempt([](SubnetRequest& r) {
          r.allocation_pools =
              std::vector<AllocationPool>{{"10.0.0.10", "10.0.0.20"}, {"10.0.0.15", "10.0.0.30"}};
        }) == E{"BadRequest",
                "Bad subnet request: Found overlapping allocation pools: "
                "10.0.0.10-10.0.0.20 10.0.0.15-10.0.0.30 for subnet 10.0.0.0/24."});
  CHECK(attempt([](SubnetRequest& r) {
          r.dns_nameservers = {"8.8.8.8", "8.8.8.8"};
        }) == E{"HTTPBadRequest",
                "Invalid input for dns_nameservers. Reason: Duplicate nameserver "
                "'8.8.8.8'."});
  CHECK(attempt([](SubnetRequest& r) { r.network_id = "missing"; }) ==
        E{"NetworkNotFound", "Network missing could not be found."});
  // Without force_gateway_on_subnet a gateway outside the CIDR is accepted (modern Neutron).
  NetworkConfig relaxed;
  relaxed.force_gateway_on_subnet = false;
  ServiceFixture g(relaxed);
  const Network m = g.tenant_network("p1");
  SubnetRequest outside;
  outside.project_id = "p1";
  outside.network_id = m.id;
  outside.cidr = "10.0.0.0/24";
  outside.gateway_ip = "10.0.1.1";
  CHECK(g.service.create_subnet(outside).gateway_ip == "10.0.1.1");
}

TEST_CASE("IPv6 subnets: stateful pools over a /64 and SLAAC addresses from the MAC") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  const Subnet stateful = f.subnet("p1", n.id, "2001:db8:1::/64", 6);
  CHECK(stateful.gateway_ip == "2001:db8:1::1");
  CHECK(stateful.allocation_pools.at(0) ==
        AllocationPool{"2001:db8:1::2", "2001:db8:1:0:ffff:ffff:ffff:ffff"});
  const Port p = f.port("p1", n.id);
  REQUIRE(p.fixed_ips.size() == 1);
  CHECK(p.fixed_ips[0].ip_address == "2001:db8:1::3");  // ::2 went to the DHCP port

  const Network m = f.tenant_network("p1", "slaac");
  SubnetRequest r;
  r.project_id = "p1";
  r.network_id = m.id;
  r.ip_version = 6;
  r.cidr = "2001:db8:2::/64";
  r.ipv6_ra_mode = "slaac";
  r.ipv6_address_mode = "slaac";
  const Subnet slaac = f.service.create_subnet(r);
  f.subnet("p1", m.id, "10.1.0.0/24");
  const Port q = f.port("p1", m.id);
  REQUIRE(q.fixed_ips.size() == 2);
  // EUI-64: fa:16:3e:xx:yy:zz -> f816:3eff:fexx:yyzz.
  const auto mac = *MacAddress::parse(q.mac_address);
  const std::string expected =
      IpAddress(6, Cidr::parse(slaac.cidr)->first().value() | mac.eui64()).str();
  CHECK(q.fixed_ips[0].ip_address == expected);
  CHECK(expected.rfind("2001:db8:2:0:f816:3eff:fe", 0) == 0);
  CHECK(q.fixed_ips[1].ip_address == "10.1.0.3");

  r.cidr = "2001:db8:3::/80";
  CHECK(error_of([&] { f.service.create_subnet(r); }).second ==
        "Invalid input for operation: Invalid CIDR 2001:db8:3::/80 for IPv6 address mode. "
        "OpenStack uses the EUI-64 address format, which requires the prefix to be /64.");
  r.cidr = "2001:db8:3::/64";
  r.ipv6_address_mode = "dhcpv6-stateful";
  CHECK(error_of([&] { f.service.create_subnet(r); }).first == "InvalidInput");
}

TEST_CASE("IPv6 exhaustion on a tiny prefix") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  SubnetRequest r;
  r.project_id = "p1";
  r.network_id = n.id;
  r.ip_version = 6;
  r.cidr = "2001:db8::/126";  // ::1 gateway, ::2 DHCP, ::3 the only one left
  f.service.create_subnet(r);
  CHECK(f.port("p1", n.id).fixed_ips.at(0).ip_address == "2001:db8::3");
  CHECK(error_of([&] { f.port("p1", n.id); }).first == "IpAddressGenerationFailure");
}
