#pragma once
// The network driver of the simulated datacenter: keeps the bridges, ports, tunnels, flow tables
// and namespaces each host would have, with a control-plane latency per change. Errors mirror
// OVS: a port on a missing bridge, or removing what does not exist, throws naming it.
//
// It also carries tenant traffic: the conversations network::plan_tenant_traffic planned over the
// compiled tables become flows of the datacenter's flow network, one per crossing between
// machines, over the physical (ECMP) route between them, sized in wire bytes (headers and the
// tunnel's encapsulation on every MTU-sized packet).

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/network/tenant_traffic.hpp"
#include "core/runtime/network_driver.hpp"

namespace stacksim::sim {

class SimulatedBackend;

/// One tenant conversation as the datacenter carried it.
struct TenantTransfer {
  std::size_t demand = 0;  // the TrafficFlow's demand index
  bool carried = false;    // false: the flow tables drop it, or a link of its route failed
  double start_s = 0;      // exact simulated times, seconds
  double end_s = 0;        // when the last crossing's last byte arrived
  double wire_bytes = 0;   // over every crossing
};

class SimulatedNetworkDriver final : public runtime::NetworkDriver {
 public:
  explicit SimulatedNetworkDriver(SimulatedBackend& backend) : backend_(backend) {}

  runtime::Task<void> ensure_bridge(std::string host, std::string bridge) override;
  runtime::Task<void> delete_bridge(std::string host, std::string bridge) override;
  runtime::Task<void> add_port(std::string host, runtime::PortSpec port) override;
  runtime::Task<void> remove_port(std::string host, std::string bridge, std::string name) override;
  runtime::Task<void> ensure_tunnel(runtime::TunnelSpec tunnel) override;
  runtime::Task<void> apply_flow_table(std::string host, runtime::FlowTable table) override;
  runtime::Task<void> create_namespace(std::string host, std::string name) override;
  runtime::Task<void> delete_namespace(std::string host, std::string name) override;

  /// Carries `flows` (started `flow.start` after now): every crossing of a conversation at once,
  /// as a pipelined stream through the network node would; a conversation ends with its slowest
  /// crossing, one between instances of one host (no crossing) at its start. A crossing from or
  /// to "external" needs a topology node of that name (the datacenter's border).
  runtime::Task<std::vector<TenantTransfer>> carry(std::vector<network::TrafficFlow> flows);

  using Key = std::pair<std::string, std::string>;  // (host, name)
  [[nodiscard]] bool has_bridge(const std::string& host, const std::string& bridge) const;
  [[nodiscard]] std::size_t port_count(const std::string& host, const std::string& bridge) const;
  [[nodiscard]] const runtime::FlowTable* flow_table(const std::string& host,
                                                     const std::string& bridge) const;
  [[nodiscard]] std::size_t tunnel_count() const noexcept { return tunnels_.size(); }
  /// The tunnels whose local end is `host`, by bridge and port name.
  [[nodiscard]] std::vector<runtime::TunnelSpec> tunnels(const std::string& host) const;
  [[nodiscard]] bool has_namespace(const std::string& host, const std::string& name) const;

 private:
  runtime::Task<void> control_delay(std::string host);

  SimulatedBackend& backend_;
  std::map<Key, std::map<std::string, runtime::PortSpec>> bridges_;  // (host, bridge) -> ports
  std::map<Key, runtime::FlowTable> flow_tables_;
  // (local host, bridge, port name) -> tunnel
  std::map<std::tuple<std::string, std::string, std::string>, runtime::TunnelSpec> tunnels_;
  std::set<Key> namespaces_;
};

}  // namespace stacksim::sim
