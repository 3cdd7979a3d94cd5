#include "core/network/host_layout.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/network/flow_layout.hpp"

namespace stacksim::network {

int HostLayout::local_vlan(const std::string& network_id) const {
  const auto it = local_vlans.find(network_id);
  if (it == local_vlans.end()) {
    throw std::out_of_range("network " + network_id + " has no local VLAN on host " + host);
  }
  return it->second;
}

bool HostLayout::hosts_router(const std::string& router_id) const {
  return std::any_of(routers.begin(), routers.end(),
                     [&](const Router* r) { return r->id == router_id; });
}

HostLayout layout_host(const TopologySnapshot& topology, const std::string& host) {
  HostLayout layout;
  layout.host = host;
  const auto bound = topology.ports_on_host(host);
  for (const Network& n : topology.networks) {
    const bool present = std::any_of(bound.begin(), bound.end(),
                                     [&](const Port* p) { return p->network_id == n.id; });
    if (!present) continue;
    if (layout.networks.size() >= 4094) {
      throw std::length_error("host " + host + " carries more than 4094 networks");
    }
    layout.networks.push_back(n.id);
    layout.local_vlans[n.id] = static_cast<int>(layout.networks.size());
  }
  for (const Port* p : bound)
    if (!is_virtual_port(p->device_owner) && topology.ofports.count(p->id) == 1)
      layout.vif_ports.push_back(p);
  for (std::size_t i = 0; i < topology.routers.size(); ++i) {
    const Router& r = topology.routers[i];
    layout.router_numbers[r.id] = static_cast<int>(i) + 1;
    const bool here = std::any_of(bound.begin(), bound.end(), [&](const Port* p) {
      return p->device_id == r.id && is_virtual_port(p->device_owner);
    });
    if (here) layout.routers.push_back(&r);
  }
  return layout;
}

std::optional<std::size_t> bridge_mapping_index(const NetworkConfig& config,
                                                const std::string& physnet) {
  for (std::size_t i = 0; i < config.bridge_mappings.size(); ++i)
    if (config.bridge_mappings[i].physical_network == physnet) return i;
  return std::nullopt;
}

namespace {

int host_number(const TopologySnapshot& topology, const std::string& host) {
  const auto it = topology.host_indices.find(host);
  if (it == topology.host_indices.end()) {
    throw std::out_of_range("host " + host + " has no index (no port was ever bound there)");
  }
  if (it->second > layout::max_tunnel_host_index) {
    throw std::length_error("host " + host + " has index " + std::to_string(it->second) +
                            ", beyond the tunnel port numbering");
  }
  return it->second;
}

}  // namespace

int tunnel_ofport(const TopologySnapshot& topology, NetworkType type,
                  const std::string& remote_host) {
  const int base =
      type == NetworkType::gre ? layout::tun_gre_ofport_base : layout::tun_vxlan_ofport_base;
  return base + host_number(topology, remote_host);
}

std::string tunnel_port_name(const TopologySnapshot& topology, NetworkType type,
                             const std::string& remote_host) {
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x",
                static_cast<unsigned>(host_number(topology, remote_host)));
  return std::string(to_string(type)) + "-" + suffix;
}

}  // namespace stacksim::network
