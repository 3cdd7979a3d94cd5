#include "core/api/compute/server_addresses.hpp"

#include <utility>
#include <vector>

namespace stacksim::api {

using nlohmann::json;

ServerAddresses ServerAddresses::for_project(network::NetworkService& neutron,
                                             const std::optional<std::string>& project_id) {
  return ServerAddresses(neutron, neutron.list_ports({.project_id = project_id}), project_id);
}

ServerAddresses ServerAddresses::for_server(network::NetworkService& neutron,
                                            const std::string& instance_uuid) {
  const std::vector<network::Port> ports = neutron.instance_ports(instance_uuid);
  // A port's floating IPs belong to the port's project (Neutron associates no other).
  return ServerAddresses(neutron, ports,
                         ports.empty() ? std::optional<std::string>() : ports.front().project_id);
}

ServerAddresses::ServerAddresses(network::NetworkService& neutron,
                                 const std::vector<network::Port>& ports,
                                 const std::optional<std::string>& project_id) {
  if (ports.empty()) return;
  // Floating addresses by the fixed port and address they translate to.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> floating;
  for (const network::FloatingIp& f : neutron.list_floating_ips(project_id)) {
    if (!f.port_id.empty())
      floating[{f.port_id, f.fixed_ip_address}].push_back(f.floating_ip_address);
  }
  std::map<std::string, std::string> network_names;
  for (const network::Network& n : neutron.list_networks())
    network_names.emplace(n.id, n.name);
  auto entry = [](const std::string& addr, const char* type, const std::string& mac) {
    return json{{"version", addr.find(':') == std::string::npos ? 4 : 6},
                {"addr", addr},
                {"OS-EXT-IPS:type", type},
                {"OS-EXT-IPS-MAC:mac_addr", mac}};
  };
  for (const network::Port& p : ports) {
    if (!p.device_owner.starts_with(network::owner_compute_prefix)) continue;
    json& addresses = by_server_.try_emplace(p.device_id, json::object()).first->second;
    json& list = addresses[network_names[p.network_id]];
    if (list.is_null()) list = json::array();
    for (const network::FixedIp& ip : p.fixed_ips) {
      list.push_back(entry(ip.ip_address, "fixed", p.mac_address));
      const auto f = floating.find({p.id, ip.ip_address});
      if (f == floating.end()) continue;
      for (const std::string& addr : f->second)
        list.push_back(entry(addr, "floating", p.mac_address));
    }
  }
}

json ServerAddresses::of(const std::string& instance_uuid) const {
  const auto it = by_server_.find(instance_uuid);
  return it == by_server_.end() ? json::object() : it->second;
}

}  // namespace stacksim::api
