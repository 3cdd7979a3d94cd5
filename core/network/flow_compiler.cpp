#include "core/network/flow_compiler.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/network/flow_emitters.hpp"
#include "core/network/flow_layout.hpp"

namespace stacksim::network {

using namespace layout;

const BridgePlan* HostPlan::bridge(const std::string& name) const {
  for (const BridgePlan& b : bridges)
    if (b.name == name) return &b;
  return nullptr;
}

namespace {

runtime::PortSpec patch_port(const std::string& bridge, const std::string& name,
                             const std::string& peer, int ofport) {
  runtime::PortSpec p;
  p.bridge = bridge;
  p.name = name;
  p.ofport = ofport;
  p.type = "patch";
  p.options = {{"peer", peer}};
  return p;
}

runtime::PortSpec vif_port(const TopologySnapshot& topology, const Port& port) {
  runtime::PortSpec p;
  p.bridge = integration_bridge;
  p.name = tap_name(port.id);
  p.port_id = port.id;
  p.mac_address = port.mac_address;
  p.ofport = topology.ofports.at(port.id);
  // The DHCP agent's port is an internal port it moves into its namespace.
  if (port.device_owner == owner_dhcp) p.type = "internal";
  p.external_ids = {
      {"iface-id", port.id}, {"attached-mac", port.mac_address}, {"iface-status", "active"}};
  if (port.device_owner.rfind(owner_compute_prefix, 0) == 0)
    p.external_ids["vm-uuid"] = port.device_id;
  return p;
}

/// Drops exact duplicates (two security-group rules can compile to the same flow) and sorts.
void finish(BridgePlan& bridge) {
  sort_rules(bridge.flows);
  auto& rules = bridge.flows.rules;
  rules.erase(std::unique(rules.begin(), rules.end(),
                          [](const runtime::FlowRule& a, const runtime::FlowRule& b) {
                            return to_ofctl(a) == to_ofctl(b);
                          }),
              rules.end());
  std::sort(
      bridge.ports.begin(), bridge.ports.end(),
      [](const runtime::PortSpec& a, const runtime::PortSpec& b) { return a.ofport < b.ofport; });
}

}  // namespace

HostPlan compile_host(const TopologySnapshot& topology, const std::string& host) {
  if (topology.config.bridge_mappings.size() > static_cast<std::size_t>(max_bridge_mappings)) {
    throw std::invalid_argument("bridge_mappings: at most " + std::to_string(max_bridge_mappings) +
                                " physical bridges are supported");
  }
  const HostLayout layout = layout_host(topology, host);
  HostPlan plan;
  plan.host = host;
  plan.local_vlans = layout.local_vlans;
  if (layout.networks.empty()) return plan;

  BridgePlan integration{integration_bridge, {}, {integration_bridge, {}}};
  for (const Port* p : layout.vif_ports)
    integration.ports.push_back(vif_port(topology, *p));
  emit_integration_flows(topology, layout, integration.flows);
  emit_firewall_flows(topology, layout, integration.flows);
  emit_router_flows(topology, layout, integration.flows);

  bool tunnelled = false;
  std::set<std::size_t> mappings;
  for (const std::string& id : layout.networks) {
    const Network& n = topology.network(id);
    if (is_tunnelled(n.network_type)) {
      tunnelled = true;
    } else if (const auto m = bridge_mapping_index(topology.config, n.physical_network)) {
      mappings.insert(*m);
    }
  }
  std::vector<BridgePlan> extra;
  if (tunnelled) {
    integration.ports.push_back(
        patch_port(integration_bridge, "patch-tun", "patch-int", int_patch_tun_ofport));
    BridgePlan tun{tunnel_bridge, {}, {tunnel_bridge, {}}};
    tun.ports.push_back(patch_port(tunnel_bridge, "patch-int", "patch-tun", tun_patch_int_ofport));
    emit_tunnel_flows(topology, layout, tun.flows);
    std::set<std::pair<NetworkType, std::string>> peers;
    for (const std::string& id : layout.networks) {
      const Network& n = topology.network(id);
      if (!is_tunnelled(n.network_type)) continue;
      for (const std::string& remote : topology.hosts_for_network(id))
        if (remote != host) peers.insert({n.network_type, remote});
    }
    for (const auto& [type, remote] : peers) {
      runtime::TunnelSpec t;
      t.bridge = tunnel_bridge;
      t.local_host = host;
      t.remote_host = remote;
      t.type = type == NetworkType::gre ? runtime::TunnelType::gre : runtime::TunnelType::vxlan;
      t.name = tunnel_port_name(topology, type, remote);
      t.ofport = tunnel_ofport(topology, type, remote);
      plan.tunnels.push_back(t);
    }
    extra.push_back(std::move(tun));
  }
  for (std::size_t m : mappings) {
    const BridgeMapping& mapping = topology.config.bridge_mappings[m];
    integration.ports.push_back(patch_port(integration_bridge, int_patch_name(mapping.bridge),
                                           phys_patch_name(mapping.bridge),
                                           int_first_phys_patch_ofport + static_cast<int>(m)));
    BridgePlan phys{mapping.bridge, {}, {mapping.bridge, {}}};
    runtime::PortSpec uplink;
    uplink.bridge = mapping.bridge;
    uplink.name = mapping.uplink;
    uplink.ofport = phys_uplink_ofport;
    phys.ports.push_back(uplink);
    phys.ports.push_back(patch_port(mapping.bridge, phys_patch_name(mapping.bridge),
                                    int_patch_name(mapping.bridge), phys_patch_ofport));
    emit_physical_flows(topology, layout, m, phys.flows);
    extra.push_back(std::move(phys));
  }
  plan.bridges.push_back(std::move(integration));
  for (BridgePlan& b : extra)
    plan.bridges.push_back(std::move(b));
  for (BridgePlan& b : plan.bridges)
    finish(b);
  return plan;
}

std::vector<HostPlan> compile_all(const TopologySnapshot& topology) {
  std::vector<HostPlan> out;
  for (const std::string& host : topology.hosts())
    out.push_back(compile_host(topology, host));
  return out;
}

}  // namespace stacksim::network
