#include "core/network/openflow_packet.hpp"

namespace stacksim::network {

Packet Packet::ip(MacAddress src_mac, MacAddress dst_mac, IpAddress src, IpAddress dst, int proto,
                  int tp_src, int tp_dst) {
  Packet p;
  p.dl_src = src_mac;
  p.dl_dst = dst_mac;
  p.dl_type = src.version() == 4 ? eth_type_ipv4 : eth_type_ipv6;
  p.nw_src = src;
  p.nw_dst = dst;
  p.nw_proto = proto;
  p.tp_src = tp_src;
  p.tp_dst = tp_dst;
  return p;
}

Packet Packet::arp_request(MacAddress sender_mac, IpAddress sender_ip, IpAddress target) {
  Packet p;
  p.dl_src = sender_mac;
  p.dl_dst = MacAddress(0xFFFFFFFFFFFFULL);
  p.dl_type = eth_type_arp;
  p.arp_op = 1;
  p.arp_sha = sender_mac;
  p.arp_spa = sender_ip;
  p.arp_tpa = target;
  return p;
}

Packet Packet::neighbor_solicitation(MacAddress sender_mac, IpAddress sender_ip, IpAddress target) {
  const std::uint32_t low24 = static_cast<std::uint32_t>(target.value()) & 0xFFFFFFu;
  const IpAddress solicited_node = *IpAddress::parse("ff02::1:ff00:0");
  Packet p = ip(sender_mac, MacAddress(0x3333FF000000ULL | low24), sender_ip,
                solicited_node.plus(low24), ip_proto_icmpv6, icmpv6_neighbor_solicitation, 0);
  p.ttl = 255;  // RFC 4861: hop limit 255 on every ND message
  p.nd_target = target;
  p.nd_options_type = 1;  // the sender's link-layer address rides along
  p.nd_ll = sender_mac;
  return p;
}

std::string ct_state_text(std::uint32_t state) {
  static constexpr std::pair<std::uint32_t, const char*> names[] = {
      {ct_new, "new"}, {ct_est, "est"}, {ct_rel, "rel"},
      {ct_rpl, "rpl"}, {ct_inv, "inv"}, {ct_trk, "trk"}};
  std::string out;
  for (const auto& [bit, name] : names)
    if ((state & bit) != 0) out += std::string("+") + name;
  return out.empty() ? "0" : out;
}

std::string Packet::describe() const {
  std::string out = "in_port=" + std::to_string(in_port);
  if (vlan) out += ",dl_vlan=" + std::to_string(*vlan);
  out += ",dl_src=" + dl_src.str() + ",dl_dst=" + dl_dst.str();
  if (dl_type == eth_type_arp) {
    out += ",arp,arp_op=" + std::to_string(arp_op) + ",arp_spa=" + arp_spa.str() +
           ",arp_tpa=" + arp_tpa.str() + ",arp_sha=" + arp_sha.str();
  } else if (is_ip()) {
    const bool v6 = dl_type == eth_type_ipv6;
    const char* proto = nw_proto == ip_proto_tcp      ? "tcp"
                        : nw_proto == ip_proto_udp    ? "udp"
                        : nw_proto == ip_proto_icmp   ? "icmp"
                        : nw_proto == ip_proto_icmpv6 ? "icmp6"
                                                      : nullptr;
    out += proto ? std::string(",") + proto + (v6 && nw_proto != ip_proto_icmpv6 ? "6" : "")
                 : std::string(v6 ? ",ipv6,nw_proto=" : ",ip,nw_proto=") + std::to_string(nw_proto);
    out += std::string(v6 ? ",ipv6_src=" : ",nw_src=") + nw_src.str() +
           (v6 ? ",ipv6_dst=" : ",nw_dst=") + nw_dst.str() + ",nw_ttl=" + std::to_string(ttl);
    if (is_icmp()) {
      out += ",icmp_type=" + std::to_string(tp_src) + ",icmp_code=" + std::to_string(tp_dst);
      if (is_neighbor_discovery()) {
        out += ",nd_target=" + nd_target.str();
        if (nd_options_type != 0)
          out += (nd_options_type == 1 ? ",nd_sll=" : ",nd_tll=") + nd_ll.str();
      }
    } else if (nw_proto == ip_proto_tcp || nw_proto == ip_proto_udp) {
      out += ",tp_src=" + std::to_string(tp_src) + ",tp_dst=" + std::to_string(tp_dst);
    }
  }
  if (tun_id != 0) out += ",tun_id=" + std::to_string(tun_id);
  if (ct_state != 0) out += ",ct_state=" + ct_state_text(ct_state);
  return out;
}

}  // namespace stacksim::network
