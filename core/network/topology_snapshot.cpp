#include "core/network/topology_snapshot.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace stacksim::network {
namespace {

template <class T>
const T& lookup(const std::vector<T>& items, const std::map<std::string, std::size_t>& index,
                const std::string& id, const char* kind) {
  const auto it = index.find(id);
  if (it == index.end()) throw std::out_of_range(std::string(kind) + " " + id + " not in snapshot");
  return items[it->second];
}

template <class T>
void build(const std::vector<T>& items, std::map<std::string, std::size_t>& index) {
  index.clear();
  for (std::size_t i = 0; i < items.size(); ++i)
    index[items[i].id] = i;
}

}  // namespace

void TopologySnapshot::index() {
  build(networks, network_index_);
  build(subnets, subnet_index_);
  build(ports, port_index_);
  build(routers, router_index_);
  build(security_groups, group_index_);
}

const Network& TopologySnapshot::network(const std::string& id) const {
  return lookup(networks, network_index_, id, "network");
}
const Subnet& TopologySnapshot::subnet(const std::string& id) const {
  return lookup(subnets, subnet_index_, id, "subnet");
}
const Port& TopologySnapshot::port(const std::string& id) const {
  return lookup(ports, port_index_, id, "port");
}
const Router& TopologySnapshot::router(const std::string& id) const {
  return lookup(routers, router_index_, id, "router");
}
const SecurityGroup& TopologySnapshot::security_group(const std::string& id) const {
  return lookup(security_groups, group_index_, id, "security group");
}

std::vector<const Port*> TopologySnapshot::ports_on_host(const std::string& host) const {
  std::vector<const Port*> out;
  for (const Port& p : ports)
    if (p.binding_host_id == host) out.push_back(&p);
  return out;
}

std::vector<std::string> TopologySnapshot::hosts_for_network(const std::string& network_id) const {
  std::set<std::string> out;
  for (const Port& p : ports)
    if (p.network_id == network_id && !p.binding_host_id.empty()) out.insert(p.binding_host_id);
  return {out.begin(), out.end()};
}

std::vector<std::string> TopologySnapshot::hosts() const {
  std::set<std::string> out;
  for (const Port& p : ports)
    if (!p.binding_host_id.empty()) out.insert(p.binding_host_id);
  return {out.begin(), out.end()};
}

std::vector<const Port*> TopologySnapshot::router_interfaces(const std::string& router_id) const {
  std::vector<const Port*> out;
  for (const Port& p : ports)
    if (p.device_id == router_id && p.device_owner == owner_router_interface) out.push_back(&p);
  return out;
}

bool TopologySnapshot::firewalled(const Port& port) const {
  return port.port_security_enabled && !port.fixed_ips.empty();
}

bool TopologySnapshot::port_up(const Port& port) const {
  return port.admin_state_up && network(port.network_id).admin_state_up;
}

TopologySnapshot take_snapshot(NetworkService& service) {
  TopologySnapshot s;
  s.config = service.config();
  s.networks = service.list_networks();
  s.subnets = service.list_subnets();
  s.ports = service.list_ports();
  s.routers = service.list_routers();
  s.floating_ips = service.list_floating_ips();
  s.security_groups = service.list_security_groups();
  s.external_neighbors = service.list_external_neighbors();
  s.ofports = service.port_ofports();
  s.host_indices = service.host_indices();
  s.index();
  return s;
}

}  // namespace stacksim::network
