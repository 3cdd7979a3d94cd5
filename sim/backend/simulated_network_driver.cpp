#include "sim/backend/simulated_network_driver.hpp"

#include <stdexcept>

#include "core/runtime/sleep.hpp"
#include "sim/backend/simulated_backend.hpp"

namespace stacksim::sim {

runtime::Task<void> SimulatedNetworkDriver::control_delay(std::string host) {
  if (!backend_.simulated_host(host).up()) {
    throw std::runtime_error("host '" + host + "' is down");
  }
  co_await runtime::sleep_for(runtime::from_seconds(backend_.datacenter().control_latency_s));
}

runtime::Task<void> SimulatedNetworkDriver::ensure_bridge(std::string host, std::string bridge) {
  co_await control_delay(host);
  bridges_[{host, bridge}];
}

runtime::Task<void> SimulatedNetworkDriver::delete_bridge(std::string host, std::string bridge) {
  co_await control_delay(host);
  if (bridges_.erase({host, bridge}) == 0) {
    throw std::out_of_range("no bridge " + bridge + " on host '" + host + "'");
  }
  flow_tables_.erase({host, bridge});
}

runtime::Task<void> SimulatedNetworkDriver::add_port(std::string host, runtime::PortSpec port) {
  co_await control_delay(host);
  auto it = bridges_.find({host, port.bridge});
  if (it == bridges_.end()) {
    throw std::out_of_range("no bridge " + port.bridge + " on host '" + host + "' for port " +
                            port.name);
  }
  it->second[port.name] = std::move(port);
}

runtime::Task<void> SimulatedNetworkDriver::remove_port(std::string host, std::string bridge,
                                                        std::string name) {
  co_await control_delay(host);
  auto it = bridges_.find({host, bridge});
  if (it == bridges_.end() || it->second.erase(name) == 0) {
    throw std::out_of_range("no port " + name + " on bridge " + bridge + " of host '" + host + "'");
  }
}

runtime::Task<void> SimulatedNetworkDriver::ensure_tunnel(runtime::TunnelSpec tunnel) {
  co_await control_delay(tunnel.local_host);
  (void)backend_.simulated_host(tunnel.remote_host);  // throws naming an unknown host
  tunnels_.emplace(tunnel.bridge, tunnel.local_host, tunnel.remote_host);
}

runtime::Task<void> SimulatedNetworkDriver::apply_flow_table(std::string host,
                                                             runtime::FlowTable table) {
  co_await control_delay(host);
  if (!bridges_.contains({host, table.bridge})) {
    throw std::out_of_range("no bridge " + table.bridge + " on host '" + host + "'");
  }
  const std::string bridge = table.bridge;
  flow_tables_[{host, bridge}] = std::move(table);
}

runtime::Task<void> SimulatedNetworkDriver::create_namespace(std::string host, std::string name) {
  co_await control_delay(host);
  namespaces_.insert({host, name});
}

runtime::Task<void> SimulatedNetworkDriver::delete_namespace(std::string host, std::string name) {
  co_await control_delay(host);
  if (namespaces_.erase({host, name}) == 0) {
    throw std::out_of_range("no namespace " + name + " on host '" + host + "'");
  }
}

bool SimulatedNetworkDriver::has_bridge(const std::string& host, const std::string& bridge) const {
  return bridges_.contains({host, bridge});
}

std::size_t SimulatedNetworkDriver::port_count(const std::string& host,
                                               const std::string& bridge) const {
  auto it = bridges_.find({host, bridge});
  return it == bridges_.end() ? 0 : it->second.size();
}

const runtime::FlowTable* SimulatedNetworkDriver::flow_table(const std::string& host,
                                                             const std::string& bridge) const {
  auto it = flow_tables_.find({host, bridge});
  return it == flow_tables_.end() ? nullptr : &it->second;
}

bool SimulatedNetworkDriver::has_namespace(const std::string& host, const std::string& name) const {
  return namespaces_.contains({host, name});
}

}  // namespace stacksim::sim
