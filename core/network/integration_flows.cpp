// br-int's switching: table 0 classifies a frame by its input port (tagging it with the network's
// local VLAN and recording the port in reg5 and the VLAN/zone in reg6), table 60 forwards by
// (local VLAN, destination MAC) to a local port (through the ingress firewall), a hosted router or
// the uplink, table 61 floods broadcast and multicast, table 94 delivers untagged.

#include <algorithm>
#include <set>

#include "core/network/flow_emitters.hpp"
#include "core/network/flow_layout.hpp"
#include "core/network/openflow_packet.hpp"

namespace stacksim::network {

using namespace layout;

std::vector<std::string> arp_reply_actions(const MacAddress& mac, const IpAddress& ip) {
  return {"move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
          "mod_dl_src:" + mac.str(),
          "load:0x2->NXM_OF_ARP_OP[]",
          "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[]",
          "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[]",
          "load:" + hex(mac.value()) + "->NXM_NX_ARP_SHA[]",
          "load:" + hex(ip.v4_value()) + "->NXM_OF_ARP_SPA[]"};
}

std::vector<std::string> nd_reply_actions(const MacAddress& mac, const IpAddress& ip) {
  return {
      "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]", "mod_dl_src:" + mac.str(),
      "move:NXM_NX_IPV6_SRC[]->NXM_NX_IPV6_DST[]", "set_field:" + ip.str() + "->ipv6_src",
      "load:" + hex(static_cast<unsigned long long>(icmpv6_neighbor_advertisement)) +
          "->NXM_NX_ICMPV6_TYPE[]",
      "set_field:" + hex(static_cast<unsigned long long>(nd_flag_solicited | nd_flag_override)) +
          "->nd_reserved",
      // OVS checks set fields against the match (a solicitation): the option's address is
      // written as nd_sll, which becomes the target's once its type is 2.
      "set_field:2->nd_options_type", "load:" + hex(mac.value()) + "->NXM_NX_ND_SLL[]"};
}

int uplink_ofport(const TopologySnapshot& topology, const std::string& network_id) {
  const Network& n = topology.network(network_id);
  if (is_tunnelled(n.network_type)) return int_patch_tun_ofport;
  const auto mapping = bridge_mapping_index(topology.config, n.physical_network);
  return mapping ? int_first_phys_patch_ofport + static_cast<int>(*mapping) : 0;
}

std::string match_text(const Cidr& cidr) {
  if (cidr.prefix_length() == cidr.max_prefix_length()) return cidr.address().str();
  return cidr.str();
}

namespace {

std::string lv(int vlan) {
  return std::to_string(vlan);
}

void emit_classification(const TopologySnapshot& topology, const HostLayout& host,
                         FlowTable& table) {
  for (const Port* p : host.vif_ports) {
    const int ofport = topology.ofports.at(p->id);
    const int vlan = host.local_vlan(p->network_id);
    if (!topology.port_up(*p)) {
      table.rules.push_back(
          make_rule(int_classify, 100, {{"in_port", std::to_string(ofport)}}, {}));
      continue;
    }
    table.rules.push_back(
        make_rule(int_classify, 100, {{"in_port", std::to_string(ofport)}},
                  {"load:" + std::to_string(ofport) + "->" + reg_port,
                   "load:" + std::to_string(vlan) + "->" + reg_network, "mod_vlan_vid:" + lv(vlan),
                   resubmit(topology.firewalled(*p) ? int_base_egress : int_arp_responder)}));
  }
  for (const std::string& id : host.networks) {
    const Network& n = topology.network(id);
    const int vlan = host.local_vlan(id);
    const int uplink = uplink_ofport(topology, id);
    if (uplink == 0) continue;
    std::vector<std::pair<std::string, std::string>> match = {{"in_port", std::to_string(uplink)}};
    std::vector<std::string> actions;
    if (is_tunnelled(n.network_type)) {
      match.emplace_back("dl_vlan", lv(vlan));  // br-tun already tagged it with the local VLAN
    } else {
      if (n.network_type == NetworkType::vlan) {
        match.emplace_back("dl_vlan", std::to_string(*n.segmentation_id));
      } else {
        match.emplace_back("vlan_tci", "0x0000/0x1fff");
      }
      actions.push_back("mod_vlan_vid:" + lv(vlan));
    }
    actions.push_back("load:" + lv(vlan) + "->" + reg_network);
    actions.push_back(resubmit(int_arp_responder));
    table.rules.push_back(make_rule(int_classify, 10, std::move(match), std::move(actions)));
  }
  table.rules.push_back(make_rule(int_classify, 0, {}, {}));
}

// The MACs a port receives frames for: its own and those of its allowed address pairs.
std::vector<std::string> port_macs(const Port& p) {
  std::vector<std::string> macs = {p.mac_address};
  for (const AddressPair& pair : p.allowed_address_pairs)
    if (std::find(macs.begin(), macs.end(), pair.mac_address) == macs.end())
      macs.push_back(pair.mac_address);
  return macs;
}

void emit_forwarding(const TopologySnapshot& topology, const HostLayout& host, FlowTable& table) {
  for (const std::string& id : host.networks) {
    const std::string vlan = lv(host.local_vlan(id));
    const int uplink = uplink_ofport(topology, id);
    std::set<std::string> seen;  // a MAC claimed twice on a network goes to its first port
    for (const Port& p : topology.ports) {
      if (p.network_id != id || p.binding_host_id.empty() || !topology.port_up(p)) continue;
      const bool local = p.binding_host_id == host.host;
      for (const std::string& mac : port_macs(p)) {
        if (!seen.insert(mac).second) continue;
        const std::vector<std::pair<std::string, std::string>> match = {{"dl_vlan", vlan},
                                                                        {"dl_dst", mac}};
        if (is_virtual_port(p.device_owner)) {
          if (p.device_owner == owner_floating_ip) continue;  // answered by the router's MAC
          if (host.hosts_router(p.device_id)) {
            table.rules.push_back(make_rule(
                int_l2_forward, 20, match,
                {"load:" + std::to_string(host.router_numbers.at(p.device_id)) + "->" + reg_router,
                 resubmit(int_router_unnat)}));
            continue;
          }
        } else if (local && topology.ofports.count(p.id) == 1) {
          const int ofport = topology.ofports.at(p.id);
          table.rules.push_back(
              make_rule(int_l2_forward, 20, match,
                        {"load:" + std::to_string(ofport) + "->" + reg_port,
                         resubmit(topology.firewalled(p) ? int_base_ingress : int_output)}));
          continue;
        }
        if (!local && uplink != 0) {
          table.rules.push_back(make_rule(int_l2_forward, 10, match, {output(uplink)}));
        }
      }
    }
    if (!is_tunnelled(topology.network(id).network_type) && uplink != 0) {
      // Devices outside OpenStack on a physical network (routers, clients) are not known by MAC.
      table.rules.push_back(make_rule(int_l2_forward, 1, {{"dl_vlan", vlan}}, {output(uplink)}));
    }
    table.rules.push_back(make_rule(
        int_l2_forward, 5, {{"dl_vlan", vlan}, {"dl_dst", "01:00:00:00:00:00/01:00:00:00:00:00"}},
        {resubmit(int_flood)}));
  }
  table.rules.push_back(make_rule(int_l2_forward, 0, {}, {}));
}

void emit_flooding(const TopologySnapshot& topology, const HostLayout& host, FlowTable& table) {
  for (const std::string& id : host.networks) {
    const Network& n = topology.network(id);
    std::vector<std::string> actions;
    const int uplink = uplink_ofport(topology, id);
    // Overlays flood to other hosts only when some carry the network; a physical network may
    // always have listeners outside OpenStack.
    const bool others = topology.hosts_for_network(id).size() > 1;
    if (uplink != 0 && (others || !is_tunnelled(n.network_type))) actions.push_back(output(uplink));
    std::vector<std::string> local;
    for (const Port* p : host.vif_ports)
      if (p->network_id == id && topology.port_up(*p))
        local.push_back(output(topology.ofports.at(p->id)));
    if (!local.empty()) {
      actions.push_back("strip_vlan");
      actions.insert(actions.end(), local.begin(), local.end());
    }
    table.rules.push_back(
        make_rule(int_flood, 10, {{"dl_vlan", lv(host.local_vlan(id))}}, std::move(actions)));
  }
  table.rules.push_back(make_rule(int_flood, 0, {}, {}));
}

void emit_output(const TopologySnapshot& topology, const HostLayout& host, FlowTable& table) {
  for (const Port* p : host.vif_ports) {
    if (!topology.port_up(*p)) continue;
    const std::string ofport = std::to_string(topology.ofports.at(p->id));
    // Frames here always carry the local VLAN; OpenFlow 1.3 wants the match to say so before it
    // pops the tag.
    table.rules.push_back(make_rule(int_output, 10,
                                    {{"reg5", ofport}, {"vlan_tci", "0x1000/0x1000"}},
                                    {"strip_vlan", "output:" + ofport}));
  }
  table.rules.push_back(make_rule(int_output, 0, {}, {}));
}

}  // namespace

void emit_integration_flows(const TopologySnapshot& topology, const HostLayout& host,
                            FlowTable& table) {
  emit_classification(topology, host, table);
  emit_forwarding(topology, host, table);
  emit_flooding(topology, host, table);
  emit_output(topology, host, table);
  // Table 21's default; router_flows adds the answers for the routers hosted here.
  table.rules.push_back(make_rule(int_arp_responder, 0, {}, {resubmit(int_l2_forward)}));
}

}  // namespace stacksim::network
