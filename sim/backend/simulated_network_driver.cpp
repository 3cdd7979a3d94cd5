#include "sim/backend/simulated_network_driver.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/runtime/when_all.hpp"
#include "sim/models/flow_transfer.hpp"

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
  if (it != bridges_.end() && it->second.erase(name) == 1) co_return;
  // Tunnels are ports of their bridge too (OVS interfaces of type vxlan or gre).
  if (tunnels_.erase({host, bridge, name}) == 0) {
    throw std::out_of_range("no port " + name + " on bridge " + bridge + " of host '" + host + "'");
  }
}

runtime::Task<void> SimulatedNetworkDriver::ensure_tunnel(runtime::TunnelSpec tunnel) {
  co_await control_delay(tunnel.local_host);
  (void)backend_.simulated_host(tunnel.remote_host);  // throws naming an unknown host
  tunnels_[{tunnel.local_host, tunnel.bridge, tunnel.name}] = tunnel;
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

runtime::Task<std::vector<TenantTransfer>> SimulatedNetworkDriver::carry(
    std::vector<network::TrafficFlow> flows) {
  FlowNetwork& model = backend_.flows();
  const double now = std::max(runtime::to_seconds(backend_.simulator().now()), model.clock());
  std::vector<TenantTransfer> out;
  std::vector<runtime::Task<FlowEnd>> crossings;
  std::vector<std::size_t> owner;  // crossing -> index in out
  for (const network::TrafficFlow& flow : flows) {
    TenantTransfer t;
    t.demand = flow.demand;
    t.carried = flow.allowed;
    t.start_s = t.end_s = now + runtime::to_seconds(flow.start);
    if (flow.allowed) {
      for (const network::TrafficSegment& segment : flow.path) {
        FlowRequest request;
        request.route = backend_.route(segment.from_host, segment.to_host);
        request.bytes = segment.wire_bytes;
        request.start_time = t.start_s;
        crossings.push_back(transfer(model, std::move(request)));
        owner.push_back(out.size());
        t.wire_bytes += segment.wire_bytes;
      }
    }
    out.push_back(t);
  }
  const std::vector<FlowEnd> ends = co_await runtime::when_all(std::move(crossings));
  for (std::size_t i = 0; i < ends.size(); ++i) {
    TenantTransfer& t = out[owner[i]];
    t.end_s = std::max(t.end_s, ends[i].time);
    if (ends[i].outcome == FlowOutcome::failed) t.carried = false;
  }
  co_return out;
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

std::vector<runtime::TunnelSpec> SimulatedNetworkDriver::tunnels(const std::string& host) const {
  std::vector<runtime::TunnelSpec> out;
  for (const auto& [key, tunnel] : tunnels_)
    if (std::get<0>(key) == host) out.push_back(tunnel);
  return out;
}

bool SimulatedNetworkDriver::has_namespace(const std::string& host, const std::string& name) const {
  return namespaces_.contains({host, name});
}

}  // namespace stacksim::sim
