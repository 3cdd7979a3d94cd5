#pragma once
// Neutron's ML2/OVS configuration that the model needs: type drivers and their segmentation ranges
// (ml2_type_vlan network_vlan_ranges, ml2_type_vxlan vni_ranges, ml2_type_gre tunnel_id_ranges),
// bridge mappings, MTUs, base MAC, the network node that hosts routers and DHCP, quotas, and the
// DHCP agent's timing. The range parsers take ml2_conf.ini's syntax.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/network/resources.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::network {

/// One ml2_type_vlan network_vlan_ranges entry: "physnet1:1000:2999" or just "physnet1" (provider
/// networks only, no tenant pool).
struct VlanRange {
  std::string physical_network;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
};

/// One vni_ranges / tunnel_id_ranges entry: "1:1000".
struct IdRange {
  std::int64_t min = 0;
  std::int64_t max = 0;
};

/// ovs bridge_mappings "physnet:bridge", plus the host interface plugged into the bridge.
struct BridgeMapping {
  std::string physical_network;
  std::string bridge;
  std::string uplink;  // e.g. "eth1"
};

struct NetworkConfig {
  std::vector<NetworkType> tenant_network_types = {NetworkType::vxlan};
  std::vector<std::string> flat_networks = {"provider"};  // "*" allows any physical network
  std::vector<VlanRange> network_vlan_ranges = {{"provider", std::nullopt, std::nullopt}};
  std::vector<IdRange> vni_ranges = {{1, 1000}};
  std::vector<IdRange> tunnel_id_ranges = {{1, 1000}};
  std::vector<BridgeMapping> bridge_mappings = {{"provider", "br-provider", "eth1"}};
  int global_physnet_mtu = 1500;
  int path_mtu = 1500;  // of the underlay that carries tunnels
  std::string base_mac = "fa:16:3e:00:00:00";
  /// The host running the L3 and DHCP agents: routers and DHCP ports are bound there.
  std::string network_node = "controller";
  /// Refuse a gateway outside the subnet (Neutron's force_gateway_on_subnet, default True until
  /// Newton); when off, only the network and broadcast addresses are refused.
  bool force_gateway_on_subnet = true;
  /// default_quota per resource (Neutron's [quotas] defaults); -1 is unlimited.
  std::map<std::string, std::int64_t> default_quotas = {{"network", 100},
                                                        {"subnet", 100},
                                                        {"port", 500},
                                                        {"router", 10},
                                                        {"floatingip", 50},
                                                        {"security_group", 10},
                                                        {"security_group_rule", 100}};
  runtime::Duration dhcp_lease_duration = runtime::from_seconds(86400);
  runtime::Duration dhcp_answer_delay = runtime::from_seconds(0.05);
};

/// Parses "physnet1:1000:2999,physnet2"; throws std::invalid_argument naming the bad entry.
std::vector<VlanRange> parse_vlan_ranges(std::string_view text);
/// Parses "1:1000,2000:2100" (vni_ranges, tunnel_id_ranges).
std::vector<IdRange> parse_id_ranges(std::string_view text, std::string_view option);
/// Parses "physnet1:br-ex:eth1,physnet2:br-vlan:eth2" (the uplink is stacksim's addition).
std::vector<BridgeMapping> parse_bridge_mappings(std::string_view text);

/// The MTU Neutron gives a network of `type`: the physical MTU minus the encapsulation overhead.
int network_mtu(const NetworkConfig& config, NetworkType type) noexcept;
/// Encapsulation bytes added per packet on the wire (VXLAN 50, GRE 42, 802.1Q 4, flat 0).
int encapsulation_overhead(NetworkType type) noexcept;

}  // namespace stacksim::network
