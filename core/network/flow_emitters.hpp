#pragma once
// The parts of the flow compiler, one per concern; flow_compiler.cpp assembles them into each
// host's bridges. Each appends rules to the bridge's table.

#include <string>
#include <vector>

#include "core/network/flow_text.hpp"
#include "core/network/host_layout.hpp"
#include "core/network/ip_address.hpp"
#include "core/network/mac_address.hpp"

namespace stacksim::network {

/// br-int: classification (table 0), L2 forwarding (60), flooding (61) and output (94).
void emit_integration_flows(const TopologySnapshot& topology, const HostLayout& host,
                            FlowTable& table);
/// br-int: the conntrack-based security-group firewall (71, 72, 81, 82).
void emit_firewall_flows(const TopologySnapshot& topology, const HostLayout& host,
                         FlowTable& table);
/// br-int: the routers hosted here (21 ARP responder, 30-34 routing and NAT).
void emit_router_flows(const TopologySnapshot& topology, const HostLayout& host, FlowTable& table);
/// br-tun: tunnels for the overlay networks present here.
void emit_tunnel_flows(const TopologySnapshot& topology, const HostLayout& host, FlowTable& table);
/// A physical bridge of bridge_mappings[mapping]: VLAN translation to and from the wire.
void emit_physical_flows(const TopologySnapshot& topology, const HostLayout& host,
                         std::size_t mapping, FlowTable& table);

/// Actions turning an ARP request into the reply "ip is at mac", addressed back to the requester
/// (the caller adds where it goes).
[[nodiscard]] std::vector<std::string> arp_reply_actions(const MacAddress& mac,
                                                         const IpAddress& ip);
/// Actions turning an ICMPv6 neighbour solicitation into the advertisement "ip is at mac"
/// (solicited, override, with the target link-layer address option), addressed back to the
/// solicitor (the caller adds where it goes).
[[nodiscard]] std::vector<std::string> nd_reply_actions(const MacAddress& mac, const IpAddress& ip);
/// The br-int port a frame for `network_id` leaves this host by (patch-tun or int-<bridge>), or
/// 0 when the host has no way out for it.
[[nodiscard]] int uplink_ofport(const TopologySnapshot& topology, const std::string& network_id);
/// An address or prefix as ovs-ofctl writes it ("10.0.0.5" or "10.0.0.0/24").
[[nodiscard]] std::string match_text(const Cidr& cidr);

}  // namespace stacksim::network
