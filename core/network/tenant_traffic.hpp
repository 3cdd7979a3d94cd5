#pragma once
// Tenant traffic for the simulator, as data: who talks to whom and how much, turned into the
// physical path between hosts and the bytes each crossing carries (headers and encapsulation
// included). The path comes from tracing a packet of the flow through the compiled tables, so
// security groups, routers (through the network node) and NAT decide it exactly as they decide
// reachability; the simulated backend turns each TrafficFlow into flows of its network model.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/network/reachability.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::network {

/// One conversation: from an instance's port to another port, or to an address (a floating IP,
/// a device outside OpenStack).
struct TrafficDemand {
  std::string source_port;
  std::string destination_port;  // or
  std::string destination_ip;
  Probe probe{Protocol::tcp, 80, 40000};
  double bytes = 0;  // application payload
  runtime::Duration start{};
};

/// One crossing between machines and what it carries.
struct TrafficSegment {
  std::string from_host;  // "external" for a device outside OpenStack
  std::string to_host;
  std::string medium;           // "vxlan", "gre", or a physical network name
  std::uint64_t segment = 0;    // VNI or VLAN ID
  int overhead_per_packet = 0;  // encapsulation bytes added to each frame on this crossing
  double wire_bytes = 0;        // payload + headers + encapsulation
};

struct TrafficFlow {
  std::size_t demand = 0;  // index into the demands
  bool allowed = false;    // false: the tables drop it (reason says why)
  std::string reason;
  std::string source_host;
  std::string destination_host;      // empty for a device outside OpenStack
  std::vector<TrafficSegment> path;  // empty when both ends share a host
  std::int64_t packets = 0;
  double payload_bytes = 0;
  runtime::Duration start{};
};

/// Plans every demand over `tracer`'s topology (the tracer's conntrack state is used and kept).
[[nodiscard]] std::vector<TrafficFlow> plan_tenant_traffic(
    PacketTracer& tracer, const std::vector<TrafficDemand>& demands);

}  // namespace stacksim::network
