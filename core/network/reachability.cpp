#include "core/network/reachability.hpp"

#include <stdexcept>

namespace stacksim::network {
namespace {

bool owns(const Port& p, const IpAddress& ip) {
  for (const FixedIp& f : p.fixed_ips)
    if (IpAddress::parse(f.ip_address) == ip) return true;
  for (const AddressPair& pair : p.allowed_address_pairs)
    if (Cidr::parse(pair.ip_address, true)->contains(ip)) return true;
  return false;
}

std::optional<IpAddress> address_of(const Port& p, int version) {
  for (const FixedIp& f : p.fixed_ips) {
    const IpAddress ip = *IpAddress::parse(f.ip_address);
    if (ip.version() == version) return ip;
  }
  return std::nullopt;
}

Packet probe_packet(const Probe& probe, const MacAddress& src_mac, const MacAddress& dst_mac,
                    const IpAddress& src, const IpAddress& dst) {
  const bool v6 = src.version() == 6;
  switch (probe.protocol) {
    case Protocol::tcp:
      return Packet::ip(src_mac, dst_mac, src, dst, ip_proto_tcp, probe.source_port, probe.port);
    case Protocol::udp:
      return Packet::ip(src_mac, dst_mac, src, dst, ip_proto_udp, probe.source_port, probe.port);
    case Protocol::icmp:
      break;
  }
  return Packet::ip(src_mac, dst_mac, src, dst, v6 ? ip_proto_icmpv6 : ip_proto_icmp, v6 ? 128 : 8,
                    0);
}

std::string probe_text(const Packet& p) {
  return p.nw_src.str() + " -> " + p.nw_dst.str();
}

}  // namespace

const ExternalNeighbor& Reachability::neighbor(const std::string& ip) {
  for (const ExternalNeighbor& n : tracer_.topology().external_neighbors)
    if (n.ip_address == ip) return n;
  throw std::out_of_range("no external neighbour has address " + ip);
}

std::optional<MacAddress> Reachability::answer_of(const TraceResult& trace,
                                                  const MacAddress& requester,
                                                  const IpAddress& ip) {
  const TopologySnapshot& topology = tracer_.topology();
  for (const TraceDelivery& d : trace.deliveries) {
    const Packet& p = d.packet;
    // An ARP or neighbour-discovery responder's reply back to the requester.
    if (p.dl_type == eth_type_arp && p.arp_op == 2 && p.arp_spa == ip && p.dl_dst == requester)
      return p.arp_sha;
    if (p.is_neighbor_discovery() && p.tp_src == icmpv6_neighbor_advertisement &&
        p.nd_target == ip && p.dl_dst == requester && p.nd_options_type == 2) {
      return p.nd_ll;
    }
  }
  for (const TraceDelivery& d : trace.deliveries) {
    const bool solicitation =
        d.packet.dl_type == eth_type_arp
            ? d.packet.arp_op == 1
            : d.packet.is_neighbor_discovery() && d.packet.tp_src == icmpv6_neighbor_solicitation;
    if (!solicitation) continue;
    // The request reached the holder of the address, which answers it.
    if (!d.port_id.empty() && owns(topology.port(d.port_id), ip))
      return MacAddress::parse(topology.port(d.port_id).mac_address);
    if (d.external_ip == ip.str()) return MacAddress::parse(neighbor(d.external_ip).mac_address);
  }
  return std::nullopt;
}

std::optional<MacAddress> Reachability::resolve_from_port(const std::string& port_id,
                                                          const IpAddress& ip) {
  const TopologySnapshot& topology = tracer_.topology();
  const Port& port = topology.port(port_id);
  const MacAddress mac = *MacAddress::parse(port.mac_address);
  const auto source = address_of(port, ip.version());
  if (!source) return std::nullopt;
  if (ip.version() == 4) {
    return answer_of(tracer_.from_port(port_id, Packet::arp_request(mac, *source, ip)), mac, ip);
  }
  if (const auto answer = answer_of(
          tracer_.from_port(port_id, Packet::neighbor_solicitation(mac, *source, ip)), mac, ip)) {
    return answer;
  }
  // A router interface answers from its namespace's kernel, which the pipeline does not model.
  for (const Port& p : topology.ports) {
    if (p.network_id == port.network_id && is_virtual_port(p.device_owner) && owns(p, ip))
      return MacAddress::parse(p.mac_address);
  }
  return std::nullopt;
}

std::optional<MacAddress> Reachability::resolve_from_external(const ExternalNeighbor& device,
                                                              const IpAddress& ip) {
  const MacAddress mac = *MacAddress::parse(device.mac_address);
  const IpAddress source = *IpAddress::parse(device.ip_address);
  return answer_of(tracer_.from_external(device.network_id, Packet::arp_request(mac, source, ip)),
                   mac, ip);
}

std::optional<IpAddress> Reachability::next_hop(const Port& port, const IpAddress& source,
                                                const IpAddress& target) {
  const TopologySnapshot& topology = tracer_.topology();
  for (const FixedIp& f : port.fixed_ips) {
    if (IpAddress::parse(f.ip_address) != source) continue;
    const Subnet& s = topology.subnet(f.subnet_id);
    if (Cidr::parse(s.cidr)->contains(target)) return target;
    // The routes DHCP hands out (host_routes), longest prefix first, then the gateway.
    std::optional<IpAddress> best;
    int best_length = -1;
    for (const HostRoute& r : s.host_routes) {
      const Cidr d = *Cidr::parse(r.destination);
      if (d.contains(target) && d.prefix_length() > best_length) {
        best = IpAddress::parse(r.nexthop);
        best_length = d.prefix_length();
      }
    }
    if (best) return best;
    if (s.gateway_ip) return IpAddress::parse(*s.gateway_ip);
  }
  return std::nullopt;
}

ReachabilityReport Reachability::between_ports(const std::string& from_port,
                                               const std::string& to_port, const Probe& probe) {
  const auto target = address_of(tracer_.topology().port(to_port), 4);
  if (!target) return {false, "port " + to_port + " has no IPv4 address", {}, {}};
  return to_address(from_port, *target, probe, to_port);
}

ReachabilityReport Reachability::to_address(const std::string& from_port, const IpAddress& target,
                                            const Probe& probe,
                                            const std::optional<std::string>& expect_port) {
  const Port& port = tracer_.topology().port(from_port);
  const auto source = address_of(port, target.version());
  if (!source) {
    return {false,
            "port " + from_port + " has no IPv" + std::to_string(target.version()) + " address",
            {},
            {}};
  }
  const auto hop = next_hop(port, *source, target);
  if (!hop) return {false, "no route from " + source->str() + " to " + target.str(), {}, {}};
  const auto mac = resolve_from_port(from_port, *hop);
  if (!mac) return {false, "no answer to ARP for " + hop->str() + " from " + source->str(), {}, {}};
  return exchange({from_port, ""}, *source, *MacAddress::parse(port.mac_address), target, *mac,
                  probe, expect_port);
}

ReachabilityReport Reachability::from_external(const std::string& external_ip,
                                               const IpAddress& target, const Probe& probe,
                                               const std::optional<IpAddress>& via) {
  const ExternalNeighbor& device = neighbor(external_ip);
  const IpAddress source = *IpAddress::parse(device.ip_address);
  bool on_link = false;
  for (const Subnet& s : tracer_.topology().subnets)
    if (s.network_id == device.network_id && Cidr::parse(s.cidr)->contains(target)) on_link = true;
  const std::optional<IpAddress> hop = on_link ? std::optional<IpAddress>(target) : via;
  if (!hop) return {false, "no route from " + external_ip + " to " + target.str(), {}, {}};
  const auto mac = resolve_from_external(device, *hop);
  if (!mac) return {false, "no answer to ARP for " + hop->str() + " from " + external_ip, {}, {}};
  return exchange({"", external_ip}, source, *MacAddress::parse(device.mac_address), target, *mac,
                  probe, std::nullopt);
}

ReachabilityReport Reachability::exchange(const Endpoint& from, const IpAddress& source,
                                          const MacAddress& mac, const IpAddress& target,
                                          const MacAddress& next_hop_mac, const Probe& probe,
                                          const std::optional<std::string>& expect_port) {
  const TopologySnapshot& topology = tracer_.topology();
  ReachabilityReport report;
  const Packet request = probe_packet(probe, mac, next_hop_mac, source, target);
  report.request = from.port_id.empty()
                       ? tracer_.from_external(neighbor(from.external_ip).network_id, request)
                       : tracer_.from_port(from.port_id, request);
  auto back_to_sender = [&](const TraceDelivery& d) {
    const bool to_sender =
        from.port_id.empty() ? d.external_ip == from.external_ip : d.port_id == from.port_id;
    return to_sender && d.packet.is_ip() && d.packet.nw_src == target && d.packet.nw_dst == source;
  };
  // The network itself may answer (a router's echo reply).
  for (const TraceDelivery& d : report.request.deliveries) {
    if (back_to_sender(d) && d.packet.is_icmp() && !expect_port) {
      report.reachable = true;
      return report;
    }
  }
  // The receiving end: the expected port, or whoever holds the (possibly translated) address.
  const TraceDelivery* arrived = nullptr;
  for (const TraceDelivery& d : report.request.deliveries) {
    if (!from.port_id.empty() && d.port_id == from.port_id) continue;
    const bool holder = !d.port_id.empty() ? owns(topology.port(d.port_id), d.packet.nw_dst)
                                           : d.external_ip == d.packet.nw_dst.str();
    if (d.packet.is_ip() && holder && (!expect_port || d.port_id == *expect_port)) {
      arrived = &d;
      break;
    }
  }
  if (arrived == nullptr) {
    report.reason = "request " + probe_text(request) + " was not delivered";
    return report;
  }
  // The answer: addresses and ports swapped, ICMP echo reply.
  Packet answer = arrived->packet;
  std::swap(answer.nw_src, answer.nw_dst);
  std::swap(answer.tp_src, answer.tp_dst);
  if (answer.is_icmp()) {
    answer.tp_src = answer.nw_proto == ip_proto_icmp ? 0 : 129;
    answer.tp_dst = 0;
  }
  answer.vlan.reset();
  answer.ttl = 64;
  std::optional<MacAddress> back;
  if (!arrived->port_id.empty()) {
    const Port& responder = topology.port(arrived->port_id);
    answer.dl_src = *MacAddress::parse(responder.mac_address);
    const auto hop = next_hop(responder, answer.nw_src, answer.nw_dst);
    if (hop) back = resolve_from_port(arrived->port_id, *hop);
    if (!back) {
      report.reason = "the receiver has no way back to " + answer.nw_dst.str();
      return report;
    }
    answer.dl_dst = *back;
    report.reply = tracer_.from_port(arrived->port_id, answer);
  } else {
    const ExternalNeighbor& device = neighbor(arrived->external_ip);
    answer.dl_src = *MacAddress::parse(device.mac_address);
    // An outside device answers the MAC it heard from.
    answer.dl_dst = arrived->packet.dl_src;
    report.reply = tracer_.from_external(device.network_id, answer);
  }
  for (const TraceDelivery& d : report.reply.deliveries) {
    if (back_to_sender(d)) {
      report.reachable = true;
      return report;
    }
  }
  report.reason = "reply " + probe_text(answer) + " did not come back to " + source.str();
  return report;
}

std::string ReachabilityReport::format() const {
  std::string out = reachable ? "reachable\n" : "unreachable: " + reason + "\n";
  out += "-- request\n" + request.format();
  out += "-- reply\n" + reply.format();
  return out;
}

}  // namespace stacksim::network
