// The security-group firewall on br-int, a conntrack-based design like Neutron's openvswitch
// firewall driver: egress (71, 72) and ingress (81, 82) tables per port in reg5, connections
// tracked in the zone of the port's network (reg6). New connections a rule allows are committed;
// established and related ones pass both ways; the rest is dropped. Rules with a remote group are
// expanded to the member ports' addresses (Neutron uses conjunctive matches for the same effect).

#include <algorithm>
#include <set>

#include "core/network/flow_emitters.hpp"
#include "core/network/flow_layout.hpp"
#include "core/network/security_group_rules.hpp"

namespace stacksim::network {

using namespace layout;
using Match = std::vector<std::pair<std::string, std::string>>;

namespace {

const std::string zone_from_reg = "zone=NXM_NX_REG6[0..15]";

/// Neutron's port_rule_masking: the fewest value/mask pairs covering [min, max].
std::vector<std::string> port_masks(int min, int max) {
  if (min == max) return {std::to_string(min)};
  std::vector<std::string> out;
  unsigned lo = static_cast<unsigned>(min);
  const unsigned hi = static_cast<unsigned>(max);
  while (lo <= hi) {
    unsigned size = 1;
    while ((lo & (size * 2 - 1)) == 0 && lo + size * 2 - 1 <= hi && size < 0x10000)
      size *= 2;
    out.push_back(size == 1 ? std::to_string(lo) : hex(lo) + "/" + hex(0xFFFF & ~(size - 1)));
    lo += size;
  }
  return out;
}

/// The protocol part of a rule's match for one ethertype.
Match protocol_match(const SecurityGroupRule& rule) {
  const bool v6 = rule.ethertype == "IPv6";
  const int number = protocol_number(rule.protocol);
  switch (number) {
    case -1:
      return {{v6 ? "ipv6" : "ip", ""}};
    case 6:
      return {{v6 ? "tcp6" : "tcp", ""}};
    case 17:
      return {{v6 ? "udp6" : "udp", ""}};
    case 1:
      return {{"icmp", ""}};
    case 58:
      return {{"icmp6", ""}};
    default:
      return {{v6 ? "ipv6" : "ip", ""}, {"nw_proto", std::to_string(number)}};
  }
}

/// The L4 alternatives of a rule: port ranges as masks, ICMP type and code.
std::vector<Match> l4_matches(const SecurityGroupRule& rule) {
  const int number = protocol_number(rule.protocol);
  if (number == 1 || number == 58) {
    Match m;
    if (rule.port_range_min) m.emplace_back("icmp_type", std::to_string(*rule.port_range_min));
    if (rule.port_range_max) m.emplace_back("icmp_code", std::to_string(*rule.port_range_max));
    return {m};
  }
  const bool ported = number == 6 || number == 17 || number == 132;
  if (!ported || !rule.port_range_min) return {Match{}};
  std::vector<Match> out;
  for (const std::string& mask : port_masks(*rule.port_range_min, *rule.port_range_max))
    out.push_back({{"tp_dst", mask}});
  return out;
}

/// The addresses a rule's remote side may have: its prefix, the members of its remote group, or
/// anything (an empty string) when neither is set.
std::vector<std::string> remote_addresses(const TopologySnapshot& topology,
                                          const SecurityGroupRule& rule) {
  const int version = rule.ethertype == "IPv6" ? 6 : 4;
  if (rule.remote_ip_prefix) {
    const Cidr cidr = *Cidr::parse(*rule.remote_ip_prefix);
    if (cidr.prefix_length() == 0) return {""};
    return {match_text(cidr)};
  }
  if (!rule.remote_group_id) return {""};
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const Port& p : topology.ports) {
    const auto& groups = p.security_groups;
    if (std::find(groups.begin(), groups.end(), *rule.remote_group_id) == groups.end()) continue;
    auto add = [&](const Cidr& c) {
      if (c.version() == version && seen.insert(match_text(c)).second) out.push_back(match_text(c));
    };
    for (const FixedIp& f : p.fixed_ips)
      add(*Cidr::parse(f.ip_address, true));
    for (const AddressPair& pair : p.allowed_address_pairs)
      add(*Cidr::parse(pair.ip_address, true));
  }
  return out;
}

/// The (MAC, address) pairs a port may send from: its fixed IPs, its allowed address pairs and,
/// for IPv6, its link-local address.
std::vector<std::pair<std::string, Cidr>> permitted_sources(const Port& p) {
  std::vector<std::pair<std::string, Cidr>> out;
  bool v6 = false;
  for (const FixedIp& f : p.fixed_ips) {
    const Cidr c = *Cidr::parse(f.ip_address, true);
    v6 = v6 || c.version() == 6;
    out.emplace_back(p.mac_address, c);
  }
  if (v6) {
    const Uint128 link_local = static_cast<Uint128>(0xFE80) << 112;
    out.emplace_back(
        p.mac_address,
        Cidr(IpAddress(6, link_local | MacAddress::parse(p.mac_address)->eui64()), 128));
  }
  for (const AddressPair& pair : p.allowed_address_pairs)
    out.emplace_back(pair.mac_address, *Cidr::parse(pair.ip_address, true));
  return out;
}

void emit_base_egress(const Port& p, const std::string& reg, FlowTable& table) {
  std::set<std::string> macs;
  for (const auto& [mac, cidr] : permitted_sources(p)) {
    macs.insert(mac);
    if (cidr.version() == 4) {
      table.rules.push_back(
          make_rule(int_base_egress, 95,
                    {{"arp", ""}, {"reg5", reg}, {"dl_src", mac}, {"arp_spa", match_text(cidr)}},
                    {resubmit(int_arp_responder)}));
    }
    const bool v6 = cidr.version() == 6;
    table.rules.push_back(
        make_rule(int_base_egress, 65,
                  {{v6 ? "ipv6" : "ip", ""},
                   {"ct_state", "-trk"},
                   {"reg5", reg},
                   {"dl_src", mac},
                   {v6 ? "ipv6_src" : "nw_src", match_text(cidr)}},
                  {"ct(table=" + std::to_string(int_rules_egress) + "," + zone_from_reg + ")"}));
  }
  for (const std::string& mac : macs) {
    // DHCP and IPv6 neighbour discovery work before the port has (or knows) its address.
    table.rules.push_back(
        make_rule(int_base_egress, 95,
                  {{"udp", ""}, {"reg5", reg}, {"dl_src", mac}, {"tp_src", "68"}, {"tp_dst", "67"}},
                  {resubmit(int_arp_responder)}));
    table.rules.push_back(make_rule(
        int_base_egress, 95,
        {{"udp6", ""}, {"reg5", reg}, {"dl_src", mac}, {"tp_src", "546"}, {"tp_dst", "547"}},
        {resubmit(int_arp_responder)}));
    for (const char* type : {"133", "135", "136"}) {
      table.rules.push_back(make_rule(
          int_base_egress, 95, {{"icmp6", ""}, {"reg5", reg}, {"dl_src", mac}, {"icmp_type", type}},
          {resubmit(int_arp_responder)}));
    }
  }
  // A VM must not answer DHCP for its network.
  table.rules.push_back(make_rule(
      int_base_egress, 90, {{"udp", ""}, {"reg5", reg}, {"tp_src", "67"}, {"tp_dst", "68"}}, {}));
}

void emit_base_ingress(const std::string& reg, FlowTable& table) {
  table.rules.push_back(
      make_rule(int_base_ingress, 100, {{"arp", ""}, {"reg5", reg}}, {resubmit(int_output)}));
  table.rules.push_back(make_rule(int_base_ingress, 95,
                                  {{"udp", ""}, {"reg5", reg}, {"tp_src", "67"}, {"tp_dst", "68"}},
                                  {resubmit(int_output)}));
  table.rules.push_back(make_rule(
      int_base_ingress, 95, {{"udp6", ""}, {"reg5", reg}, {"tp_src", "547"}, {"tp_dst", "546"}},
      {resubmit(int_output)}));
  for (const char* type : {"134", "135", "136"}) {
    table.rules.push_back(make_rule(int_base_ingress, 95,
                                    {{"icmp6", ""}, {"reg5", reg}, {"icmp_type", type}},
                                    {resubmit(int_output)}));
  }
  for (const char* ethertype : {"ip", "ipv6"}) {
    // Always a fresh lookup: a routed packet was tracked in another zone on its way here.
    table.rules.push_back(
        make_rule(int_base_ingress, 90, {{ethertype, ""}, {"reg5", reg}},
                  {"ct(table=" + std::to_string(int_rules_ingress) + "," + zone_from_reg + ")"}));
  }
}

void emit_rules(const TopologySnapshot& topology, const Port& p, const std::string& reg,
                FlowTable& table) {
  for (int t : {int_rules_egress, int_rules_ingress}) {
    const int accepted = t == int_rules_egress ? int_arp_responder : int_output;
    table.rules.push_back(
        make_rule(t, 75, {{"ct_state", "+est-rel"}, {"reg5", reg}}, {resubmit(accepted)}));
    table.rules.push_back(
        make_rule(t, 75, {{"ct_state", "+rel"}, {"reg5", reg}}, {resubmit(accepted)}));
    table.rules.push_back(make_rule(t, 50, {{"ct_state", "+inv+trk"}, {"reg5", reg}}, {}));
  }
  for (const std::string& group_id : p.security_groups) {
    for (const SecurityGroupRule& rule : topology.security_group(group_id).rules) {
      const bool egress = rule.direction == "egress";
      const bool v6 = rule.ethertype == "IPv6";
      const char* remote_field =
          egress ? (v6 ? "ipv6_dst" : "nw_dst") : (v6 ? "ipv6_src" : "nw_src");
      for (const std::string& remote : remote_addresses(topology, rule)) {
        for (const Match& l4 : l4_matches(rule)) {
          Match m = protocol_match(rule);
          m.emplace_back("ct_state", "+new-est");
          m.emplace_back("reg5", reg);
          if (!remote.empty()) m.emplace_back(remote_field, remote);
          m.insert(m.end(), l4.begin(), l4.end());
          table.rules.push_back(make_rule(egress ? int_rules_egress : int_rules_ingress, 70, m,
                                          {"ct(commit," + zone_from_reg + ")",
                                           resubmit(egress ? int_arp_responder : int_output)}));
        }
      }
    }
  }
}

}  // namespace

void emit_firewall_flows(const TopologySnapshot& topology, const HostLayout& host,
                         FlowTable& table) {
  for (const Port* p : host.vif_ports) {
    if (!topology.firewalled(*p) || !topology.port_up(*p)) continue;
    const std::string reg = std::to_string(topology.ofports.at(p->id));
    emit_base_egress(*p, reg, table);
    emit_base_ingress(reg, table);
    emit_rules(topology, *p, reg, table);
  }
  for (int t : {int_base_egress, int_rules_egress, int_base_ingress, int_rules_ingress})
    table.rules.push_back(make_rule(t, 0, {}, {}));
}

}  // namespace stacksim::network
