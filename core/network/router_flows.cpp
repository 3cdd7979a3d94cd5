// Routers as OpenFlow pipelines on the host that runs them (the network node), in place of the L3
// agent's qrouter namespace. A frame for a router MAC (table 60) enters with the router's number
// in reg7: table 30 answers pings to the router and looks the packet up in the router's conntrack
// zone with NAT (un-doing SNAT on replies, re-applying DNAT), 31 DNATs new connections to a
// floating IP and drops other new connections from the external network, 32 picks the route
// (longest prefix first; connected, static, then the default via the gateway), 33 turns the next
// hop in reg0 into a destination MAC, 34 SNATs new outbound connections to the floating IP or the
// gateway address and commits them, and the packet goes back to L2 forwarding on its new network.
// Table 21 answers ARP for the router's addresses and its floating IPs.

#include <algorithm>

#include "core/network/flow_emitters.hpp"
#include "core/network/flow_layout.hpp"

namespace stacksim::network {

using namespace layout;
using Match = std::vector<std::pair<std::string, std::string>>;

namespace {

struct RouterPort {
  const Port* port;
  MacAddress mac;
  int vlan;
};

struct RouterView {
  const Router* router;
  std::string number;  // reg7
  std::string zone;
  std::vector<RouterPort> interfaces;
  const Port* gateway = nullptr;  // on the external network
  int external_vlan = 0;
};

RouterView view_of(const TopologySnapshot& topology, const HostLayout& host, const Router& r) {
  RouterView v{&r,
               std::to_string(host.router_numbers.at(r.id)),
               std::to_string(router_zone_base + host.router_numbers.at(r.id)),
               {},
               nullptr,
               0};
  for (const Port* p : topology.router_interfaces(r.id))
    if (host.carries(p->network_id))
      v.interfaces.push_back(
          {p, *MacAddress::parse(p->mac_address), host.local_vlan(p->network_id)});
  if (!r.gateway_port_id.empty()) {
    const Port& g = topology.port(r.gateway_port_id);
    if (host.carries(g.network_id)) {
      v.gateway = &g;
      v.external_vlan = host.local_vlan(g.network_id);
    }
  }
  return v;
}

std::vector<FloatingIp> floating_ips_of(const TopologySnapshot& topology, const Router& r) {
  std::vector<FloatingIp> out;
  for (const FloatingIp& f : topology.floating_ips)
    if (f.router_id == r.id && !f.fixed_ip_address.empty()) out.push_back(f);
  return out;
}

std::string ip_hex(const IpAddress& ip) {
  return hex(ip.v4_value());
}

void emit_arp_and_ping(const TopologySnapshot& topology, const RouterView& v, FlowTable& table) {
  auto answer = [&](const MacAddress& mac, int vlan, const IpAddress& ip) {
    if (ip.version() != 4) return;
    std::vector<std::string> actions = arp_reply_actions(mac, ip);
    actions.push_back("load:0->NXM_OF_IN_PORT[]");  // lets the reply leave by the request's port
    actions.push_back(resubmit(int_l2_forward));
    table.rules.push_back(make_rule(
        int_arp_responder, 10,
        {{"arp", ""}, {"dl_vlan", std::to_string(vlan)}, {"arp_op", "1"}, {"arp_tpa", ip.str()}},
        std::move(actions)));
  };
  auto echo = [&](const MacAddress& mac, const IpAddress& ip) {
    if (ip.version() != 4) return;
    table.rules.push_back(make_rule(
        int_router_unnat, 20,
        {{"icmp", ""}, {"reg7", v.number}, {"nw_dst", ip.str()}, {"icmp_type", "8"}},
        {"move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]", "mod_dl_src:" + mac.str(),
         "move:NXM_OF_IP_SRC[]->NXM_OF_IP_DST[]", "mod_nw_src:" + ip.str(),
         "load:0->NXM_OF_ICMP_TYPE[]", "load:0->NXM_OF_IN_PORT[]", resubmit(int_l2_forward)}));
  };
  for (const RouterPort& rp : v.interfaces) {
    for (const FixedIp& f : rp.port->fixed_ips) {
      answer(rp.mac, rp.vlan, *IpAddress::parse(f.ip_address));
      echo(rp.mac, *IpAddress::parse(f.ip_address));
    }
  }
  if (v.gateway == nullptr) return;
  const MacAddress gw_mac = *MacAddress::parse(v.gateway->mac_address);
  for (const FixedIp& f : v.gateway->fixed_ips) {
    answer(gw_mac, v.external_vlan, *IpAddress::parse(f.ip_address));
    echo(gw_mac, *IpAddress::parse(f.ip_address));
  }
  for (const FloatingIp& f : floating_ips_of(topology, *v.router))
    answer(gw_mac, v.external_vlan, *IpAddress::parse(f.floating_ip_address));
}

void emit_unnat_and_dnat(const TopologySnapshot& topology, const RouterView& v, FlowTable& table) {
  table.rules.push_back(
      make_rule(int_router_unnat, 10, {{"ip", ""}, {"reg7", v.number}},
                {"ct(table=" + std::to_string(int_router_dnat) + ",zone=" + v.zone + ",nat)"}));
  table.rules.push_back(make_rule(int_router_unnat, 10, {{"ipv6", ""}, {"reg7", v.number}},
                                  {resubmit(int_router_route)}));
  for (const FloatingIp& f : floating_ips_of(topology, *v.router)) {
    table.rules.push_back(make_rule(int_router_dnat, 20,
                                    {{"ip", ""},
                                     {"ct_state", "+new+trk"},
                                     {"reg7", v.number},
                                     {"nw_dst", f.floating_ip_address}},
                                    {"ct(commit,table=" + std::to_string(int_router_route) +
                                     ",zone=" + v.zone + ",nat(dst=" + f.fixed_ip_address + "))"}));
  }
  if (v.gateway != nullptr) {
    // Only floating IPs and replies come in from outside: a router is a NAT gateway.
    table.rules.push_back(make_rule(int_router_dnat, 10,
                                    {{"ip", ""},
                                     {"ct_state", "+new+trk"},
                                     {"reg7", v.number},
                                     {"reg6", std::to_string(v.external_vlan)}},
                                    {}));
  }
}

std::vector<std::string> route_actions(const MacAddress& mac, int vlan) {
  // A routed packet may leave by the port it came in on (patch-tun): clear in_port so OVS sends it.
  return {"dec_ttl", "mod_vlan_vid:" + std::to_string(vlan),
          "load:" + std::to_string(vlan) + "->" + reg_network, "mod_dl_src:" + mac.str(),
          "load:0->NXM_OF_IN_PORT[]"};
}

void emit_routes(const TopologySnapshot& topology, const RouterView& v, FlowTable& table) {
  auto connected = [&](const MacAddress& mac, int vlan, const Subnet& s) {
    const Cidr cidr = *Cidr::parse(s.cidr);
    const bool v6 = cidr.version() == 6;
    std::vector<std::string> actions = route_actions(mac, vlan);
    if (!v6) actions.push_back(std::string("move:NXM_OF_IP_DST[]->") + reg_nexthop);
    actions.push_back(resubmit(int_router_nexthop));
    table.rules.push_back(make_rule(int_router_route, 11 + 2 * cidr.prefix_length(),
                                    {{v6 ? "ipv6" : "ip", ""},
                                     {"reg7", v.number},
                                     {v6 ? "ipv6_dst" : "nw_dst", match_text(cidr)}},
                                    std::move(actions)));
  };
  for (const RouterPort& rp : v.interfaces)
    for (const FixedIp& f : rp.port->fixed_ips)
      connected(rp.mac, rp.vlan, topology.subnet(f.subnet_id));
  for (const HostRoute& route : v.router->routes) {
    const Cidr destination = *Cidr::parse(route.destination);
    const IpAddress nexthop = *IpAddress::parse(route.nexthop);
    if (nexthop.version() != 4) continue;  // IPv6 next hops: not modelled (docs/networking.md)
    for (const RouterPort& rp : v.interfaces) {
      for (const FixedIp& f : rp.port->fixed_ips) {
        if (!Cidr::parse(topology.subnet(f.subnet_id).cidr)->contains(nexthop)) continue;
        std::vector<std::string> actions = route_actions(rp.mac, rp.vlan);
        actions.push_back("load:" + ip_hex(nexthop) + "->" + reg_nexthop);
        actions.push_back(resubmit(int_router_nexthop));
        table.rules.push_back(
            make_rule(int_router_route, 10 + 2 * destination.prefix_length(),
                      {{"ip", ""}, {"reg7", v.number}, {"nw_dst", match_text(destination)}},
                      std::move(actions)));
      }
    }
  }
  if (v.gateway != nullptr) {
    const MacAddress gw_mac = *MacAddress::parse(v.gateway->mac_address);
    for (const FixedIp& f : v.gateway->fixed_ips) {
      const Subnet& s = topology.subnet(f.subnet_id);
      connected(gw_mac, v.external_vlan, s);
      if (s.ip_version != 4 || !s.gateway_ip) continue;
      std::vector<std::string> actions = route_actions(gw_mac, v.external_vlan);
      actions.push_back("load:" + ip_hex(*IpAddress::parse(*s.gateway_ip)) + "->" + reg_nexthop);
      actions.push_back(resubmit(int_router_nexthop));
      table.rules.push_back(
          make_rule(int_router_route, 10, {{"ip", ""}, {"reg7", v.number}}, std::move(actions)));
    }
  }
}

void emit_neighbors(const TopologySnapshot& topology, const RouterView& v, FlowTable& table) {
  std::vector<std::string> networks;
  for (const RouterPort& rp : v.interfaces)
    networks.push_back(rp.port->network_id);
  if (v.gateway != nullptr) networks.push_back(v.gateway->network_id);
  auto neighbor = [&](const std::string& ip_text, const std::string& mac) {
    const IpAddress ip = *IpAddress::parse(ip_text);
    const bool v6 = ip.version() == 6;
    table.rules.push_back(make_rule(int_router_nexthop, 10,
                                    {{v6 ? "ipv6" : "ip", ""},
                                     {"reg7", v.number},
                                     {v6 ? "ipv6_dst" : "reg0", v6 ? ip.str() : ip_hex(ip)}},
                                    {"mod_dl_dst:" + mac, resubmit(int_router_snat)}));
  };
  for (const Port& p : topology.ports) {
    if (std::find(networks.begin(), networks.end(), p.network_id) == networks.end()) continue;
    if (p.device_id == v.router->id || p.device_owner == owner_floating_ip) continue;
    for (const FixedIp& f : p.fixed_ips)
      neighbor(f.ip_address, p.mac_address);
  }
  for (const ExternalNeighbor& n : topology.external_neighbors)
    if (std::find(networks.begin(), networks.end(), n.network_id) != networks.end())
      neighbor(n.ip_address, n.mac_address);
}

void emit_snat(const TopologySnapshot& topology, const RouterView& v, FlowTable& table) {
  if (v.gateway == nullptr) return;
  const std::string out = std::to_string(v.external_vlan);
  const std::string commit =
      "ct(commit,table=" + std::to_string(int_l2_forward) + ",zone=" + v.zone;
  for (const FloatingIp& f : floating_ips_of(topology, *v.router)) {
    table.rules.push_back(make_rule(int_router_snat, 20,
                                    {{"ip", ""},
                                     {"ct_state", "+new+trk"},
                                     {"reg7", v.number},
                                     {"reg6", out},
                                     {"nw_src", f.fixed_ip_address}},
                                    {commit + ",nat(src=" + f.floating_ip_address + "))"}));
  }
  const auto& info = v.router->external_gateway_info;
  std::string gateway_ip;
  for (const FixedIp& f : v.gateway->fixed_ips)
    if (IpAddress::parse(f.ip_address)->version() == 4 && gateway_ip.empty())
      gateway_ip = f.ip_address;
  if (info && info->enable_snat && !gateway_ip.empty()) {
    for (const RouterPort& rp : v.interfaces) {
      for (const FixedIp& f : rp.port->fixed_ips) {
        const Cidr cidr = *Cidr::parse(topology.subnet(f.subnet_id).cidr);
        if (cidr.version() != 4) continue;
        table.rules.push_back(make_rule(int_router_snat, 10,
                                        {{"ip", ""},
                                         {"ct_state", "+new+trk"},
                                         {"reg7", v.number},
                                         {"reg6", out},
                                         {"nw_src", match_text(cidr)}},
                                        {commit + ",nat(src=" + gateway_ip + "))"}));
      }
    }
  }
  // Whatever leaves unNATed is still committed, so its replies count as established.
  table.rules.push_back(make_rule(
      int_router_snat, 5, {{"ip", ""}, {"ct_state", "+new+trk"}, {"reg7", v.number}, {"reg6", out}},
      {commit + ")"}));
}

}  // namespace

void emit_router_flows(const TopologySnapshot& topology, const HostLayout& host, FlowTable& table) {
  for (const Router* r : host.routers) {
    if (!r->admin_state_up) continue;  // a router that is down forwards nothing
    const RouterView v = view_of(topology, host, *r);
    emit_arp_and_ping(topology, v, table);
    emit_unnat_and_dnat(topology, v, table);
    emit_routes(topology, v, table);
    emit_neighbors(topology, v, table);
    emit_snat(topology, v, table);
  }
  if (host.routers.empty()) return;
  table.rules.push_back(make_rule(int_router_unnat, 0, {}, {}));
  table.rules.push_back(make_rule(int_router_dnat, 0, {}, {resubmit(int_router_route)}));
  table.rules.push_back(make_rule(int_router_route, 0, {}, {}));
  table.rules.push_back(make_rule(int_router_nexthop, 0, {}, {}));
  table.rules.push_back(make_rule(int_router_snat, 0, {}, {resubmit(int_l2_forward)}));
}

}  // namespace stacksim::network
