#include "core/network/tenant_traffic.hpp"

#include <cmath>

#include "core/network/network_config.hpp"

namespace stacksim::network {
namespace {

int l4_header(const Probe& probe) {
  return probe.protocol == Protocol::tcp ? 20 : 8;
}

int medium_overhead(const TraceHop& hop) {
  if (hop.medium == "vxlan") return encapsulation_overhead(NetworkType::vxlan);
  if (hop.medium == "gre") return encapsulation_overhead(NetworkType::gre);
  return hop.segment != 0 ? encapsulation_overhead(NetworkType::vlan) : 0;
}

}  // namespace

std::vector<TrafficFlow> plan_tenant_traffic(PacketTracer& tracer,
                                             const std::vector<TrafficDemand>& demands) {
  const TopologySnapshot& topology = tracer.topology();
  Reachability reach(tracer);
  std::vector<TrafficFlow> out;
  for (std::size_t i = 0; i < demands.size(); ++i) {
    const TrafficDemand& d = demands[i];
    TrafficFlow flow;
    flow.demand = i;
    flow.payload_bytes = d.bytes;
    flow.start = d.start;
    const Port& source = topology.port(d.source_port);
    flow.source_host = source.binding_host_id;
    const ReachabilityReport report =
        d.destination_port.empty()
            ? reach.to_address(d.source_port, *IpAddress::parse(d.destination_ip), d.probe)
            : reach.between_ports(d.source_port, d.destination_port, d.probe);
    flow.allowed = report.reachable;
    flow.reason = report.reason;
    if (!report.reachable) {
      out.push_back(std::move(flow));
      continue;
    }
    for (const TraceDelivery& del : report.request.deliveries)
      if (del.packet.is_ip()) flow.destination_host = del.host;
    // Segments sized by the source network's MTU: IP and L4 headers plus the inner Ethernet
    // header on every packet, encapsulation per crossing.
    const int mtu = topology.network(source.network_id).mtu;
    const int headers = 20 + l4_header(d.probe);
    const int per_packet = std::max(1, mtu - headers);
    flow.packets = d.bytes <= 0 ? 0 : static_cast<std::int64_t>(std::ceil(d.bytes / per_packet));
    for (const TraceHop& hop : report.request.hops) {
      TrafficSegment s{hop.from, hop.to, hop.medium, hop.segment, medium_overhead(hop), 0};
      s.wire_bytes =
          d.bytes + static_cast<double>(flow.packets) * (headers + 14 + s.overhead_per_packet);
      flow.path.push_back(std::move(s));
    }
    out.push_back(std::move(flow));
  }
  return out;
}

}  // namespace stacksim::network
