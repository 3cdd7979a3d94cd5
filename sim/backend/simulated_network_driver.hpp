#pragma once
// The network driver of the simulated datacenter: keeps the bridges, ports, tunnels, flow tables
// and namespaces each host would have, with a control-plane latency per change. Errors mirror
// OVS: a port on a missing bridge, or removing what does not exist, throws naming it.

#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/runtime/network_driver.hpp"

namespace stacksim::sim {

class SimulatedBackend;

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

  using Key = std::pair<std::string, std::string>;  // (host, name)
  [[nodiscard]] bool has_bridge(const std::string& host, const std::string& bridge) const;
  [[nodiscard]] std::size_t port_count(const std::string& host, const std::string& bridge) const;
  [[nodiscard]] const runtime::FlowTable* flow_table(const std::string& host,
                                                     const std::string& bridge) const;
  [[nodiscard]] std::size_t tunnel_count() const noexcept { return tunnels_.size(); }
  [[nodiscard]] bool has_namespace(const std::string& host, const std::string& name) const;

 private:
  runtime::Task<void> control_delay(std::string host);

  SimulatedBackend& backend_;
  std::map<Key, std::map<std::string, runtime::PortSpec>> bridges_;  // (host, bridge) -> ports
  std::map<Key, runtime::FlowTable> flow_tables_;
  std::set<std::tuple<std::string, std::string, std::string>> tunnels_;
  std::set<Key> namespaces_;
};

}  // namespace stacksim::sim
