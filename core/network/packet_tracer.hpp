#pragma once
// The packet tracer: walks a packet through the compiled flow tables of the hosts along its path,
// like `ovs-appctl ofproto/trace` but across hosts. Patch ports continue in the peer bridge,
// tunnel ports on the remote host's br-tun, uplinks through the physical network to the hosts
// and outside devices there (a learning-free L2 fabric that knows where each MAC is bound).
// Conntrack state is kept per host, so a request traced before its reply makes the reply
// established, as on real hosts.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/network/conntrack.hpp"
#include "core/network/flow_compiler.hpp"
#include "core/network/openflow_packet.hpp"
#include "core/network/topology_snapshot.hpp"

namespace stacksim::network {

/// One rule hit (or a table miss, with an empty rule).
struct TraceStep {
  std::string host;
  std::string bridge;
  int table = 0;
  std::string rule;    // ovs-ofctl text of the rule that matched; empty on a miss
  std::string packet;  // the packet as the table saw it
};

/// A copy of the packet that left the pipeline towards an endpoint.
struct TraceDelivery {
  std::string host;         // empty for a device outside OpenStack
  std::string port_id;      // the Neutron port it reached, or empty
  std::string external_ip;  // the outside device it reached (external neighbour), or empty
  Packet packet;
};

/// A crossing between machines: a tunnel or the physical network.
struct TraceHop {
  std::string from;  // host name, or "external"
  std::string to;
  std::string medium;         // "vxlan", "gre" or the physical network name
  std::uint64_t segment = 0;  // VNI, or VLAN ID (0: untagged)
};

struct TraceResult {
  std::vector<TraceStep> steps;
  std::vector<TraceDelivery> deliveries;
  std::vector<TraceHop> hops;
  std::vector<std::string> notes;  // drops that are not table misses (TTL, loops, no peer)

  /// ofproto/trace-like text: one line per table, indented per bridge crossing.
  [[nodiscard]] std::string format() const;
  [[nodiscard]] bool delivered_to_port(const std::string& port_id) const;
};

class PacketTracer {
 public:
  PacketTracer(TopologySnapshot topology, std::vector<HostPlan> plans);
  /// Compiles every host of `topology` and traces over the result.
  explicit PacketTracer(TopologySnapshot topology);
  ~PacketTracer();
  PacketTracer(PacketTracer&&) noexcept;
  PacketTracer& operator=(PacketTracer&&) noexcept;

  /// A packet sent by the instance (or DHCP agent) behind a bound port.
  TraceResult from_port(const std::string& port_id, Packet packet);
  /// A frame sent on a flat or VLAN network by a device outside OpenStack.
  TraceResult from_external(const std::string& network_id, Packet packet);
  /// Forgets every tracked connection.
  void clear_connections();

  [[nodiscard]] const TopologySnapshot& topology() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace stacksim::network
