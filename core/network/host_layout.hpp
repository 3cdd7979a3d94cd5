#pragma once
// What one host carries, as the OVS agent on it would see it: the networks with a port bound
// there and their local VLANs (1, 2, ... in network creation order), the VM and DHCP ports with
// their OpenFlow numbers, the routers it hosts (the network node), the tunnel peers per overlay
// network and the physical bridges in use.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/network/topology_snapshot.hpp"

namespace stacksim::network {

struct HostLayout {
  std::string host;
  std::vector<std::string> networks;          // present here, creation order
  std::map<std::string, int> local_vlans;     // network id -> local VLAN (and conntrack zone)
  std::vector<const Port*> vif_ports;         // VM and DHCP ports bound here (real OVS ports)
  std::vector<const Router*> routers;         // routers whose ports are bound here
  std::map<std::string, int> router_numbers;  // router id -> number (global creation order, from 1)

  [[nodiscard]] int local_vlan(const std::string& network_id) const;
  [[nodiscard]] bool carries(const std::string& network_id) const {
    return local_vlans.count(network_id) == 1;
  }
  [[nodiscard]] bool hosts_router(const std::string& router_id) const;
};

/// The layout of `host` in `topology`.
[[nodiscard]] HostLayout layout_host(const TopologySnapshot& topology, const std::string& host);

/// The bridge_mappings entry (and its index) serving a physical network, if any.
[[nodiscard]] std::optional<std::size_t> bridge_mapping_index(const NetworkConfig& config,
                                                              const std::string& physnet);
/// The OpenFlow port of the tunnel from any host to `remote_host` for `type`.
[[nodiscard]] int tunnel_ofport(const TopologySnapshot& topology, NetworkType type,
                                const std::string& remote_host);
/// The tunnel port's name, e.g. "vxlan-00000002" (OVS interface names have at most 15 chars).
[[nodiscard]] std::string tunnel_port_name(const TopologySnapshot& topology, NetworkType type,
                                           const std::string& remote_host);

}  // namespace stacksim::network
