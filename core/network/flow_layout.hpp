#pragma once
// The OpenFlow layout the compiler emits, shaped like Neutron's OVS agent (table numbers of
// neutron.plugins.ml2.drivers.openvswitch.agent.common.constants and the openvswitch firewall
// driver). docs/networking.md describes every table.

#include <string>

namespace stacksim::network::layout {

// Bridges.
inline constexpr const char* integration_bridge = "br-int";
inline constexpr const char* tunnel_bridge = "br-tun";

// br-int tables.
inline constexpr int int_classify = 0;         // LOCAL_SWITCHING: which port, which network
inline constexpr int int_arp_responder = 21;   // answers ARP for router-owned addresses
inline constexpr int int_router_unnat = 30;    // conntrack lookup in the router's zone, un-NAT
inline constexpr int int_router_dnat = 31;     // floating IP DNAT; new inbound from outside dropped
inline constexpr int int_router_route = 32;    // longest-prefix match: connected, static, default
inline constexpr int int_router_nexthop = 33;  // next hop (reg0) -> destination MAC
inline constexpr int int_router_snat = 34;     // SNAT to floating IP or gateway address
inline constexpr int int_l2_forward = 60;      // TRANSIENT_TABLE: by (local VLAN, destination MAC)
inline constexpr int int_flood = 61;           // broadcast and multicast within a local VLAN
inline constexpr int int_base_egress = 71;     // BASE_EGRESS_TABLE: anti-spoofing, conntrack
inline constexpr int int_rules_egress = 72;    // RULES_EGRESS_TABLE: security-group egress rules
inline constexpr int int_base_ingress = 81;    // BASE_INGRESS_TABLE: conntrack
inline constexpr int int_rules_ingress = 82;   // RULES_INGRESS_TABLE: security-group ingress rules
inline constexpr int int_output = 94;          // to the port in reg5, untagged

// br-tun tables (Neutron's numbers).
inline constexpr int tun_classify = 0;
inline constexpr int tun_patch_lv_to_tun = 2;
inline constexpr int tun_gre_to_lv = 3;
inline constexpr int tun_vxlan_to_lv = 4;
inline constexpr int tun_to_int = 10;  // LEARN_FROM_TUN; l2population makes learning unnecessary
inline constexpr int tun_unicast = 20;
inline constexpr int tun_arp_responder = 21;
inline constexpr int tun_flood = 22;

// Physical bridges (br-ex and other bridge_mappings) use table 0 only.
inline constexpr int phys_classify = 0;

// OpenFlow port numbers.
inline constexpr int int_patch_tun_ofport = 1;
inline constexpr int int_first_phys_patch_ofport = 2;  // int-<bridge> of bridge_mappings[i] = 2 + i
inline constexpr int int_first_vm_ofport = 10;         // taps: the lowest free from 10
inline constexpr int max_bridge_mappings = 8;
inline constexpr int tun_patch_int_ofport = 1;
inline constexpr int tun_vxlan_ofport_base = 1000;  // + the remote host's index
inline constexpr int tun_gre_ofport_base = 33000;   // + the remote host's index
inline constexpr int max_tunnel_host_index = 32000;
inline constexpr int phys_uplink_ofport = 1;
inline constexpr int phys_patch_ofport = 2;

// Registers (Neutron's firewall uses reg5 for the port and reg6 for the network's zone).
inline constexpr const char* reg_nexthop = "NXM_NX_REG0[]";  // router next-hop IPv4 address
inline constexpr const char* reg_port = "NXM_NX_REG5[]";     // ofport of the VM port
inline constexpr const char* reg_network = "NXM_NX_REG6[]";  // local VLAN = conntrack zone
inline constexpr const char* reg_router = "NXM_NX_REG7[]";   // router number on this host
inline constexpr int router_zone_base = 4096;  // router conntrack zone = base + number

/// Neutron's interface names: "tap" + the first 11 characters of the port id.
[[nodiscard]] inline std::string tap_name(const std::string& port_id) {
  return "tap" + port_id.substr(0, 11);
}
[[nodiscard]] inline std::string int_patch_name(const std::string& bridge) {
  return "int-" + bridge;
}
[[nodiscard]] inline std::string phys_patch_name(const std::string& bridge) {
  return "phy-" + bridge;
}

}  // namespace stacksim::network::layout
