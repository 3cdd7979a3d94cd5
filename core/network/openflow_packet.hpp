#pragma once
// The header fields of a packet as an OpenFlow pipeline sees them (the subset the compiled tables
// match and rewrite), plus the pipeline metadata: input port, registers, tunnel key and conntrack
// state. The packet tracer moves these through the compiled tables.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/network/ip_address.hpp"
#include "core/network/mac_address.hpp"

namespace stacksim::network {

inline constexpr int eth_type_ipv4 = 0x0800;
inline constexpr int eth_type_arp = 0x0806;
inline constexpr int eth_type_ipv6 = 0x86dd;
inline constexpr int ip_proto_icmp = 1;
inline constexpr int ip_proto_tcp = 6;
inline constexpr int ip_proto_udp = 17;
inline constexpr int ip_proto_icmpv6 = 58;
inline constexpr int icmpv6_neighbor_solicitation = 135;
inline constexpr int icmpv6_neighbor_advertisement = 136;
// Neighbour advertisement flags (the first bits of nd_reserved): Router, Solicited, Override.
inline constexpr std::uint32_t nd_flag_solicited = 0x40000000;
inline constexpr std::uint32_t nd_flag_override = 0x20000000;

// ct_state bits, as OVS numbers them.
inline constexpr std::uint32_t ct_new = 0x01;
inline constexpr std::uint32_t ct_est = 0x02;
inline constexpr std::uint32_t ct_rel = 0x04;
inline constexpr std::uint32_t ct_rpl = 0x08;
inline constexpr std::uint32_t ct_inv = 0x10;
inline constexpr std::uint32_t ct_trk = 0x20;

struct Packet {
  int in_port = 0;
  MacAddress dl_src;
  MacAddress dl_dst;
  std::optional<int> vlan;  // 802.1Q VLAN ID, when tagged
  int dl_type = eth_type_ipv4;
  IpAddress nw_src;
  IpAddress nw_dst;
  int nw_proto = 0;
  int ttl = 64;
  int tp_src = 0;  // TCP/UDP source port; ICMP type
  int tp_dst = 0;  // TCP/UDP destination port; ICMP code
  int arp_op = 0;
  IpAddress arp_spa;
  IpAddress arp_tpa;
  MacAddress arp_sha;
  MacAddress arp_tha;
  // ICMPv6 neighbour discovery: target address, flags, and the link-layer address option: its
  // type (1 source, 2 target) and address (OVS's nd_sll or nd_tll, by the type).
  IpAddress nd_target;
  std::uint32_t nd_reserved = 0;
  int nd_options_type = 0;
  MacAddress nd_ll;
  std::uint64_t tun_id = 0;
  std::array<std::uint32_t, 8> regs{};
  std::uint32_t ct_state = 0;

  [[nodiscard]] bool is_ip() const noexcept {
    return dl_type == eth_type_ipv4 || dl_type == eth_type_ipv6;
  }
  [[nodiscard]] bool is_icmp() const noexcept {
    return is_ip() && (nw_proto == ip_proto_icmp || nw_proto == ip_proto_icmpv6);
  }
  [[nodiscard]] bool is_neighbor_discovery() const noexcept {
    return dl_type == eth_type_ipv6 && nw_proto == ip_proto_icmpv6 &&
           (tp_src == icmpv6_neighbor_solicitation || tp_src == icmpv6_neighbor_advertisement);
  }
  /// One line in ovs-appctl ofproto/trace's flow syntax.
  [[nodiscard]] std::string describe() const;

  /// An IPv4 or IPv6 packet; ports are the ICMP type and code for ICMP.
  static Packet ip(MacAddress src_mac, MacAddress dst_mac, IpAddress src, IpAddress dst, int proto,
                   int tp_src, int tp_dst);
  /// A broadcast ARP request "who has target? tell sender".
  static Packet arp_request(MacAddress sender_mac, IpAddress sender_ip, IpAddress target);
  /// An ICMPv6 neighbour solicitation for `target`, to its solicited-node multicast address
  /// (ff02::1:ffXX:XXXX, MAC 33:33:ff:XX:XX:XX).
  static Packet neighbor_solicitation(MacAddress sender_mac, IpAddress sender_ip, IpAddress target);
};

/// "+trk+new" style text of a ct_state.
[[nodiscard]] std::string ct_state_text(std::uint32_t state);

}  // namespace stacksim::network
