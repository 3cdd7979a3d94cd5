#include <catch2/catch.hpp>

#include "core/store/transaction.hpp"
#include "tests/network/network_fixture.hpp"

using namespace stacksim::network;
using stacksim::network::testing::error_of;
using stacksim::network::testing::ServiceFixture;
using E = std::pair<std::string, std::string>;

TEST_CASE("a port gets a fa:16:3e MAC, an address, the default group and a binding") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  const Subnet s = f.subnet("p1", n.id, "10.0.0.0/24");
  const Port p = f.port("p1", n.id);
  CHECK(p.mac_address.rfind("fa:16:3e:", 0) == 0);
  CHECK(p.fixed_ips == std::vector<FixedIp>{{s.id, "10.0.0.3"}});
  CHECK(p.status == "DOWN");
  CHECK(p.binding_vif_type == "unbound");
  CHECK(p.port_security_enabled);
  REQUIRE(p.security_groups.size() == 1);
  CHECK(f.service.get_security_group(p.security_groups[0]).name == "default");
  CHECK_FALSE(f.service.port_ofport(p.id));

  PortUpdate bind;
  bind.binding_host_id = "compute1";
  const Port bound = f.service.update_port(p.id, bind);
  CHECK(bound.status == "ACTIVE");
  CHECK(bound.binding_vif_type == "ovs");
  CHECK(bound.binding_host_id == "compute1");
  CHECK(f.service.port_ofport(p.id) == 10);
  CHECK(f.service.port_ofport(f.port("p1", n.id, "compute1").id) == 11);
  CHECK(f.service.host_index("compute1") == 2);  // the network node registered first (DHCP)

  // The DHCP port is on the network node with no security groups.
  const auto dhcp = f.service.list_ports({.device_owner = owner_dhcp});
  REQUIRE(dhcp.size() == 1);
  CHECK(dhcp[0].binding_host_id == "controller");
  CHECK(dhcp[0].security_groups.empty());
  CHECK_FALSE(dhcp[0].port_security_enabled);
  CHECK(dhcp[0].fixed_ips.at(0).ip_address == "10.0.0.2");
  CHECK(dhcp[0].device_id.rfind("dhcp", 0) == 0);
}

TEST_CASE("MAC addresses: requested, duplicate, invalid; Neutron's base MAC") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  PortRequest r;
  r.project_id = "p1";
  r.network_id = n.id;
  r.mac_address = "FA:16:3E:00:00:01";
  CHECK(f.service.create_port(r).mac_address == "fa:16:3e:00:00:01");
  CHECK(error_of([&] { f.service.create_port(r); }) ==
        E{"MacAddressInUse", "Unable to complete operation for network " + n.id +
                                 ". The mac address fa:16:3e:00:00:01 is in use."});
  r.mac_address = "fa:16:3e:00:00";
  CHECK(error_of([&] { f.service.create_port(r); }) ==
        E{"HTTPBadRequest",
          "Invalid input for mac_address. Reason: 'fa:16:3e:00:00' is not a valid MAC address."});
  // The same MAC may exist on another network.
  const Network m = f.tenant_network("p1", "m");
  r.network_id = m.id;
  r.mac_address = "fa:16:3e:00:00:01";
  CHECK(f.service.create_port(r).network_id == m.id);

  NetworkConfig config;
  config.base_mac = "fa:16:3f:ab:00:00";  // a non-zero fourth octet is kept too
  ServiceFixture g(config);
  const Network k = g.tenant_network("p1");
  CHECK(g.port("p1", k.id).mac_address.rfind("fa:16:3f:ab:", 0) == 0);
}

TEST_CASE("port security, security groups and allowed address pairs") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  f.subnet("p1", n.id, "10.0.0.0/24");
  PortRequest r;
  r.project_id = "p1";
  r.network_id = n.id;
  r.port_security_enabled = false;
  r.security_groups = std::vector<std::string>{f.service.ensure_default_security_group("p1").id};
  CHECK(error_of([&] { f.service.create_port(r); }) ==
        E{"PortSecurityAndIPRequiredForSecurityGroups",
          "Port security must be enabled and port must have an IP address in order to use "
          "security groups."});
  r.security_groups = std::vector<std::string>{};
  r.allowed_address_pairs = {{"10.0.0.100", ""}};
  CHECK(error_of([&] { f.service.create_port(r); }) ==
        E{"AddressPairAndPortSecurityRequired",
          "Port Security must be enabled in order to have allowed address pairs on a port."});
  r.allowed_address_pairs.clear();
  const Port open = f.service.create_port(r);
  CHECK(open.security_groups.empty());
  CHECK_FALSE(open.port_security_enabled);

  r.port_security_enabled.reset();
  r.security_groups.reset();
  r.allowed_address_pairs = {{"10.0.0.100", ""}, {"192.168.0.0/24", "fa:16:3e:aa:bb:cc"}};
  const Port vip = f.service.create_port(r);
  CHECK(vip.allowed_address_pairs ==
        std::vector<AddressPair>{{"10.0.0.100", vip.mac_address},
                                 {"192.168.0.0/24", "fa:16:3e:aa:bb:cc"}});
  PortUpdate disable;
  disable.port_security_enabled = false;
  CHECK(error_of([&] { f.service.update_port(vip.id, disable); }).first ==
        "PortSecurityPortHasSecurityGroup");
  disable.security_groups = std::vector<std::string>{};
  CHECK(error_of([&] { f.service.update_port(vip.id, disable); }).first ==
        "AddressPairAndPortSecurityRequired");
  disable.allowed_address_pairs = std::vector<AddressPair>{};
  CHECK_FALSE(f.service.update_port(vip.id, disable).port_security_enabled);

  r.security_groups = std::vector<std::string>{"nope"};
  r.allowed_address_pairs.clear();
  CHECK(error_of([&] { f.service.create_port(r); }) ==
        E{"SecurityGroupNotFound", "Security group nope does not exist"});
}

TEST_CASE("port visibility, update of fixed IPs, deletion rules") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  const Subnet s = f.subnet("p1", n.id, "10.0.0.0/24");
  CHECK(error_of([&] { f.port("p2", n.id); }) ==
        E{"NetworkNotFound", "Network " + n.id + " could not be found."});
  const Port p = f.port("p1", n.id);
  PortUpdate u;
  u.fixed_ips = std::vector<FixedIpRequest>{{s.id, "10.0.0.50"}};
  CHECK(f.service.update_port(p.id, u).fixed_ips.at(0).ip_address == "10.0.0.50");
  CHECK(f.port("p1", n.id).fixed_ips.at(0).ip_address == "10.0.0.3");  // released
  CHECK(error_of([&] { f.service.delete_subnet(s.id); }) ==
        E{"SubnetInUse", "Unable to complete operation on subnet " + s.id +
                             ": One or more ports have an IP allocation from this subnet."});
  CHECK(error_of([&] { f.service.delete_port("missing"); }) ==
        E{"PortNotFound", "Port missing could not be found."});
  // A port on a network without subnets has no address.
  const Network bare = f.tenant_network("p1", "bare");
  CHECK(f.port("p1", bare.id).fixed_ips.empty());
}

TEST_CASE("instance wiring hooks: allocate, bind, migrate, deallocate") {
  ServiceFixture f;
  const Network a = f.tenant_network("p1", "a");
  const Network b = f.tenant_network("p1", "b");
  f.subnet("p1", a.id, "10.0.0.0/24");
  f.subnet("p1", b.id, "10.1.0.0/24");
  const Port existing = f.port("p1", b.id);
  const auto ports = f.service.allocate_for_instance(
      "p1", "vm-1", {{a.id, "", ""}, {"", existing.id, ""}, {a.id, "", "10.0.0.99"}}, "compute1");
  REQUIRE(ports.size() == 3);
  CHECK(ports[0].device_owner == "compute:nova");
  CHECK(ports[0].device_id == "vm-1");
  CHECK(ports[0].binding_host_id == "compute1");
  CHECK(ports[0].status == "ACTIVE");
  CHECK(ports[1].id == existing.id);
  CHECK(ports[2].fixed_ips.at(0).ip_address == "10.0.0.99");
  CHECK(f.service.hosts_for_network(a.id) == std::vector<std::string>{"compute1", "controller"});
  CHECK(f.service.networks_on_host("compute1") == std::vector<std::string>{a.id, b.id});
  CHECK(f.service.bound_hosts() == std::vector<std::string>{"compute1", "controller"});

  // All or nothing: a failing request leaves no port behind.
  const auto before = f.service.list_ports().size();
  CHECK(error_of([&] {
          f.service.allocate_for_instance("p1", "vm-2", {{a.id, "", ""}, {"missing", "", ""}},
                                          "compute1");
        }).first == "NetworkNotFound");
  CHECK(f.service.list_ports().size() == before);
  CHECK(error_of([&] {
          f.service.allocate_for_instance("p1", "vm-2", {{"", existing.id, ""}}, "compute1");
        }).first == "PortInUse");

  const auto moved = f.service.bind_instance_ports("vm-1", "compute2");
  CHECK(moved.at(0).binding_host_id == "compute2");
  CHECK(f.service.port_ofport(moved.at(0).id) == 10);
  CHECK(f.service.hosts_for_network(a.id) == std::vector<std::string>{"compute2", "controller"});
  CHECK(f.service.unbind_instance_ports("vm-1").at(0).status == "DOWN");

  f.service.deallocate_for_instance("vm-1");
  CHECK(f.service.instance_ports("vm-1").empty());
  const Port kept = f.service.get_port(existing.id);  // the user's port stays, detached
  CHECK(kept.device_id.empty());
  CHECK(kept.fixed_ips.size() == 1);
}

TEST_CASE("calls nest inside a caller's transaction, which can roll them back") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1");
  f.subnet("p1", n.id, "10.0.0.0/24");
  const auto before = f.service.list_ports().size();
  {
    stacksim::store::Transaction outer(f.db);
    f.service.allocate_for_instance("p1", "vm-1", {{n.id, "", ""}}, "compute1");
    CHECK(f.service.list_ports().size() == before + 1);
  }  // not committed: the compute service's build failed
  CHECK(f.service.list_ports().size() == before);
  CHECK(f.port("p1", n.id).fixed_ips.at(0).ip_address == "10.0.0.3");
}
