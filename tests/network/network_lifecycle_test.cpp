#include <catch2/catch.hpp>

#include <filesystem>

#include "core/network/network_service.hpp"
#include "core/store/database.hpp"
#include "tests/network/network_fixture.hpp"

using namespace stacksim::network;
using stacksim::network::testing::error_of;
using stacksim::network::testing::ServiceFixture;
using E = std::pair<std::string, std::string>;

TEST_CASE("a tenant network takes the first VNI, the VXLAN MTU and is listed, updated, deleted") {
  ServiceFixture f;
  const Network n = f.tenant_network("p1", "selfservice");
  CHECK(n.network_type == NetworkType::vxlan);
  CHECK(n.segmentation_id == 1);
  CHECK(n.mtu == 1450);
  CHECK(n.status == "ACTIVE");
  CHECK(n.admin_state_up);
  CHECK_FALSE(n.shared);
  CHECK(f.tenant_network("p1", "second").segmentation_id == 2);

  const Network ext = f.external_network();
  CHECK(ext.network_type == NetworkType::flat);
  CHECK(ext.mtu == 1500);
  CHECK(ext.subnets.size() == 1);

  // p2 sees the external network but not p1's networks.
  const auto visible = f.service.list_networks("p2");
  REQUIRE(visible.size() == 1);
  CHECK(visible[0].id == ext.id);
  CHECK(f.service.list_networks("p1").size() == 3);

  NetworkUpdate u;
  u.name = "renamed";
  u.mtu = 1400;
  CHECK(f.service.update_network(n.id, u).name == "renamed");
  u.mtu = 9000;
  CHECK(
      error_of([&] { f.service.update_network(n.id, u); }) ==
      E{"InvalidInput", "Invalid input for operation: Requested MTU is too big, maximum is 1450."});

  f.subnet("p1", n.id, "10.0.0.0/24");  // with a DHCP port
  const Port p = f.port("p1", n.id);
  CHECK(error_of([&] { f.service.delete_network(n.id); }) ==
        E{"NetworkInUse", "Unable to complete operation on network " + n.id +
                              ". There are one or more ports still in use on the network."});
  f.service.delete_port(p.id);
  f.service.delete_network(n.id);  // takes its subnet and DHCP port along
  CHECK(error_of([&] { (void)f.service.get_network(n.id); }) ==
        E{"NetworkNotFound", "Network " + n.id + " could not be found."});
  CHECK(f.service.list_ports().size() == 0);
  // Its VNI is free again.
  CHECK(f.tenant_network("p1", "third").segmentation_id == 1);
  // A port on the deleted network.
  CHECK(error_of([&] { f.port("p1", n.id); }).first == "NetworkNotFound");
}

TEST_CASE("segmentation pools come from configuration and run out with NoNetworkAvailable") {
  NetworkConfig config;
  config.tenant_network_types = {NetworkType::vlan};
  config.network_vlan_ranges = parse_vlan_ranges("physnet1:100:101,physnet2");
  config.flat_networks = {"provider"};
  ServiceFixture f(config);
  const Network a = f.tenant_network("p1");
  const Network b = f.tenant_network("p1");
  CHECK(a.network_type == NetworkType::vlan);
  CHECK(a.physical_network == "physnet1");
  CHECK(a.segmentation_id == 100);
  CHECK(b.segmentation_id == 101);
  CHECK(a.mtu == 1500);
  CHECK(error_of([&] { f.tenant_network("p1"); }) ==
        E{"NoNetworkAvailable",
          "Unable to create the network. No tenant network is available for allocation."});
  f.service.delete_network(a.id);
  CHECK(f.tenant_network("p1").segmentation_id == 100);

  NetworkRequest provider;
  provider.project_id = "admin";
  provider.network_type = NetworkType::vlan;
  provider.physical_network = "physnet2";
  provider.segmentation_id = 3000;
  CHECK(f.service.create_network(provider).segmentation_id == 3000);
  CHECK(error_of([&] { f.service.create_network(provider); }) ==
        E{"VlanIdInUse",
          "Unable to create the network. The VLAN 3000 on physical network "
          "physnet2 is in use."});
  provider.segmentation_id = 5000;
  CHECK(error_of([&] { f.service.create_network(provider); }) ==
        E{"InvalidInput",
          "Invalid input for operation: segmentation_id out of range (1 through "
          "4094)."});
  provider.segmentation_id = 10;
  provider.physical_network = "nowhere";
  CHECK(error_of([&] { f.service.create_network(provider); }) ==
        E{"InvalidInput",
          "Invalid input for operation: physical_network 'nowhere' unknown for "
          "VLAN provider network."});
  NetworkRequest flat;
  flat.project_id = "admin";
  flat.network_type = NetworkType::flat;
  flat.physical_network = "provider";
  f.service.create_network(flat);
  CHECK(error_of([&] { f.service.create_network(flat); }) ==
        E{"FlatNetworkInUse",
          "Unable to create the flat network. Physical network provider is in use."});
  NetworkRequest vxlan;
  vxlan.project_id = "admin";
  vxlan.network_type = NetworkType::vxlan;
  vxlan.segmentation_id = 77;
  CHECK(f.service.create_network(vxlan).mtu == 1450);
  CHECK(error_of([&] { f.service.create_network(vxlan); }) ==
        E{"TunnelIdInUse", "Unable to create the network. The tunnel ID 77 is in use."});
}

TEST_CASE("configuration ranges parse ml2_conf.ini syntax and reject bad entries") {
  const auto vlans = parse_vlan_ranges("physnet1:1000:2999, physnet2");
  REQUIRE(vlans.size() == 2);
  CHECK(vlans[0].min == 1000);
  CHECK_FALSE(vlans[1].min);
  const auto vnis = parse_id_ranges("1:1000,2000:2010", "vni_ranges");
  CHECK(vnis.at(1).max == 2010);
  CHECK_THROWS_WITH(parse_id_ranges("10:1", "vni_ranges"),
                    "vni_ranges: '10:1' is not a valid range within 1..16777215");
  CHECK_THROWS_WITH(parse_vlan_ranges("physnet1:0:5000"),
                    "network_vlan_ranges: 'physnet1:0:5000' is not a valid VLAN range within "
                    "1..4094");
  CHECK_THROWS_WITH(parse_bridge_mappings("physnet1:br-ex"),
                    "bridge_mappings: 'physnet1:br-ex' is not PHYSNET:BRIDGE:UPLINK");
}

TEST_CASE("quotas: defaults, per-project overrides and Neutron's OverQuota") {
  NetworkConfig config;
  config.default_quotas["network"] = 2;
  ServiceFixture f(config);
  f.tenant_network("p1");
  f.tenant_network("p1");
  CHECK(error_of([&] { f.tenant_network("p1"); }) ==
        E{"OverQuota", "Quota exceeded for resources: ['network']."});
  f.tenant_network("p2");  // another project has its own quota
  f.service.quota().set_limit("p1", "network", 3);
  f.tenant_network("p1");
  f.service.quota().set_limit("p1", "network", -1);
  f.tenant_network("p1");
  CHECK(f.service.quota().usage("p1", "network") == 4);
  f.service.quota().reset("p1");
  CHECK(f.service.quota().limit("p1", "network") == 2);

  f.service.quota().set_limit("p1", "port", 1);
  const Network n = f.service.list_networks("p1").at(0);
  f.port("p1", n.id);
  CHECK(error_of([&] { f.port("p1", n.id); }) ==
        E{"OverQuota", "Quota exceeded for resources: ['port']."});
  f.service.quota().set_limit("p1", "security_group", 1);  // the default group uses it
  CHECK(error_of([&] { f.service.create_security_group("p1", "web"); }) ==
        E{"OverQuota", "Quota exceeded for resources: ['security_group']."});
  f.service.quota().set_limit("p1", "router", 0);
  CHECK(error_of([&] { f.service.create_router({"p1", "r", {}, {}}); }).first == "OverQuota");
  CHECK_THROWS_AS(f.service.quota().set_limit("p1", "volumes", 1), std::invalid_argument);
  const auto details = f.service.quota().details("p1");
  CHECK(details.at("port") == std::pair<std::int64_t, std::int64_t>{1, 1});
}

TEST_CASE("state persists across reopening the database") {
  const auto path = std::filesystem::temp_directory_path() / "stacksim-network-persist.db";
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path.string() + suffix);
  std::string network_id;
  std::string mac;
  {
    auto db = stacksim::store::Database::open(path);
    NetworkService s(db, {}, 7);
    NetworkRequest r;
    r.project_id = "p1";
    network_id = s.create_network(r).id;
    SubnetRequest sr;
    sr.project_id = "p1";
    sr.network_id = network_id;
    sr.cidr = "10.0.0.0/24";
    s.create_subnet(sr);
    PortRequest pr;
    pr.project_id = "p1";
    pr.network_id = network_id;
    mac = s.create_port(pr).mac_address;
  }
  auto db = stacksim::store::Database::open(path);
  NetworkService s(db, {}, 7);
  CHECK(s.get_network(network_id).subnets.size() == 1);
  PortRequest pr;
  pr.project_id = "p1";
  pr.network_id = network_id;
  const Port next = s.create_port(pr);
  CHECK(next.fixed_ips.at(0).ip_address == "10.0.0.4");
  CHECK(next.mac_address != mac);  // the MAC sequence continues, it does not restart
  NetworkRequest r;
  r.project_id = "p1";
  CHECK(s.create_network(r).id != network_id);
}
