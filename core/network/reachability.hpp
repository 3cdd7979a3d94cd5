#pragma once
// "Can A reach B on tcp/22?" answered by tracing, as an operator would check it on real hosts:
// the sender resolves its next hop with an ARP request or an IPv6 neighbour solicitation traced
// through the tables (answered by a responder or by the port holding the address; router
// interfaces' IPv6 addresses are looked up in the model), sends the request, and the
// receiver answers; reachable means the request arrived and the reply came back to the sender
// with the addresses it expects (conntrack and NAT included).

#include <optional>
#include <string>

#include "core/network/packet_tracer.hpp"

namespace stacksim::network {

enum class Protocol { icmp, tcp, udp };

struct Probe {
  Protocol protocol = Protocol::icmp;
  int port = 0;             // destination port (tcp, udp)
  int source_port = 40000;  // the client's ephemeral port
};

struct ReachabilityReport {
  bool reachable = false;
  std::string reason;  // why not, when not
  TraceResult request;
  TraceResult reply;
  [[nodiscard]] std::string format() const;
};

class Reachability {
 public:
  explicit Reachability(PacketTracer& tracer) : tracer_(tracer) {}

  /// From an instance's port to another port's first address of the probe's family (IPv4).
  ReachabilityReport between_ports(const std::string& from_port, const std::string& to_port,
                                   const Probe& probe);
  /// From an instance's port to an address; `expect_port` names the port that must answer
  /// (otherwise whichever port or outside device holds the address after NAT).
  ReachabilityReport to_address(const std::string& from_port, const IpAddress& target,
                                const Probe& probe,
                                const std::optional<std::string>& expect_port = std::nullopt);
  /// From a device outside OpenStack (an external neighbour) to an address; off-link targets go
  /// via `via` (a next hop on the device's network), as a static route on that device would.
  ReachabilityReport from_external(const std::string& external_ip, const IpAddress& target,
                                   const Probe& probe,
                                   const std::optional<IpAddress>& via = std::nullopt);

  /// The MAC the sender behind `port_id` learns for `ip` (ARP traced through the tables).
  std::optional<MacAddress> resolve_from_port(const std::string& port_id, const IpAddress& ip);
  std::optional<MacAddress> resolve_from_external(const ExternalNeighbor& device,
                                                  const IpAddress& ip);

 private:
  struct Endpoint {
    std::string port_id;      // a Neutron port, or
    std::string external_ip;  // an outside device
  };
  ReachabilityReport exchange(const Endpoint& from, const IpAddress& source, const MacAddress& mac,
                              const IpAddress& target, const MacAddress& next_hop_mac,
                              const Probe& probe, const std::optional<std::string>& expect_port);
  std::optional<MacAddress> answer_of(const TraceResult& trace, const MacAddress& requester,
                                      const IpAddress& ip);
  std::optional<IpAddress> next_hop(const Port& port, const IpAddress& source,
                                    const IpAddress& target);
  const ExternalNeighbor& neighbor(const std::string& ip);

  PacketTracer& tracer_;
};

}  // namespace stacksim::network
