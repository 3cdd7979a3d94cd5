// br-tun, as Neutron's OVS agent programs it with l2population and arp_responder on: frames from
// br-int (table 2) go unicast to the tunnel of the host holding the destination MAC (20), have ARP
// and IPv6 neighbour solicitations answered for remote addresses (21), or flood to every host
// carrying the network (22), with the local VLAN swapped for the network's VNI; frames from tunnels
// (3 GRE, 4 VXLAN) get the local VLAN back and go to br-int (10).

#include <algorithm>
#include <set>

#include "core/network/flow_emitters.hpp"
#include "core/network/flow_layout.hpp"
#include "core/network/openflow_packet.hpp"

namespace stacksim::network {

using namespace layout;

void emit_tunnel_flows(const TopologySnapshot& topology, const HostLayout& host, FlowTable& table) {
  table.rules.push_back(make_rule(tun_classify, 1,
                                  {{"in_port", std::to_string(tun_patch_int_ofport)}},
                                  {resubmit(tun_patch_lv_to_tun)}));
  table.rules.push_back(make_rule(tun_patch_lv_to_tun, 1,
                                  {{"arp", ""}, {"dl_dst", "ff:ff:ff:ff:ff:ff"}},
                                  {resubmit(tun_arp_responder)}));
  // Multicast solicitations only: a unicast one (unreachability detection) goes to its target.
  table.rules.push_back(make_rule(tun_patch_lv_to_tun, 1,
                                  {{"icmp6", ""},
                                   {"icmp_type", std::to_string(icmpv6_neighbor_solicitation)},
                                   {"dl_dst", "01:00:00:00:00:00/01:00:00:00:00:00"}},
                                  {resubmit(tun_arp_responder)}));
  table.rules.push_back(make_rule(tun_patch_lv_to_tun, 0,
                                  {{"dl_dst", "00:00:00:00:00:00/01:00:00:00:00:00"}},
                                  {resubmit(tun_unicast)}));
  table.rules.push_back(make_rule(tun_patch_lv_to_tun, 0,
                                  {{"dl_dst", "01:00:00:00:00:00/01:00:00:00:00:00"}},
                                  {resubmit(tun_flood)}));
  std::set<std::pair<NetworkType, std::string>> peers;
  for (const std::string& id : host.networks) {
    const Network& n = topology.network(id);
    if (!is_tunnelled(n.network_type)) continue;
    const std::string vlan = std::to_string(host.local_vlan(id));
    const std::string vni = hex(static_cast<unsigned long long>(*n.segmentation_id));
    const std::string set_vni = "load:" + vni + "->NXM_NX_TUN_ID[]";
    table.rules.push_back(
        make_rule(n.network_type == NetworkType::gre ? tun_gre_to_lv : tun_vxlan_to_lv, 1,
                  {{"tun_id", vni}}, {"mod_vlan_vid:" + vlan, resubmit(tun_to_int)}));
    std::vector<std::string> flood = {"strip_vlan", set_vni};
    for (const std::string& remote : topology.hosts_for_network(id)) {
      if (remote == host.host) continue;
      peers.insert({n.network_type, remote});
      flood.push_back(output(tunnel_ofport(topology, n.network_type, remote)));
    }
    if (flood.size() > 2) {
      table.rules.push_back(make_rule(tun_flood, 1, {{"dl_vlan", vlan}}, std::move(flood)));
    }
    std::set<std::string> seen;
    for (const Port& p : topology.ports) {
      if (p.network_id != id || p.binding_host_id.empty() || p.binding_host_id == host.host ||
          p.device_owner == owner_floating_ip || !topology.port_up(p)) {
        continue;
      }
      const int tunnel = tunnel_ofport(topology, n.network_type, p.binding_host_id);
      if (seen.insert(p.mac_address).second) {
        table.rules.push_back(make_rule(tun_unicast, 2,
                                        {{"dl_vlan", vlan}, {"dl_dst", p.mac_address}},
                                        {"strip_vlan", set_vni, output(tunnel)}));
      }
      const MacAddress mac = *MacAddress::parse(p.mac_address);
      for (const FixedIp& f : p.fixed_ips) {
        const IpAddress ip = *IpAddress::parse(f.ip_address);
        if (ip.version() == 4) {
          std::vector<std::string> actions = arp_reply_actions(mac, ip);
          actions.push_back("in_port");
          table.rules.push_back(
              make_rule(tun_arp_responder, 1,
                        {{"arp", ""}, {"dl_vlan", vlan}, {"arp_op", "1"}, {"arp_tpa", ip.str()}},
                        std::move(actions)));
        } else {
          std::vector<std::string> actions = nd_reply_actions(mac, ip);
          actions.push_back("in_port");
          table.rules.push_back(
              make_rule(tun_arp_responder, 1,
                        {{"icmp6", ""},
                         {"dl_vlan", vlan},
                         {"icmp_type", std::to_string(icmpv6_neighbor_solicitation)},
                         {"icmp_code", "0"},
                         {"nd_target", ip.str()}},
                        std::move(actions)));
        }
      }
    }
  }
  for (const auto& [type, remote] : peers) {
    table.rules.push_back(make_rule(
        tun_classify, 1, {{"in_port", std::to_string(tunnel_ofport(topology, type, remote))}},
        {resubmit(type == NetworkType::gre ? tun_gre_to_lv : tun_vxlan_to_lv)}));
  }
  table.rules.push_back(make_rule(tun_classify, 0, {}, {}));
  table.rules.push_back(make_rule(tun_gre_to_lv, 0, {}, {}));
  table.rules.push_back(make_rule(tun_vxlan_to_lv, 0, {}, {}));
  table.rules.push_back(make_rule(tun_to_int, 1, {}, {output(tun_patch_int_ofport)}));
  table.rules.push_back(make_rule(tun_unicast, 0, {}, {resubmit(tun_flood)}));
  table.rules.push_back(make_rule(tun_arp_responder, 0, {}, {resubmit(tun_flood)}));
  table.rules.push_back(make_rule(tun_flood, 0, {}, {}));
}

}  // namespace stacksim::network
