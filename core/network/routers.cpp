// Routers (Neutron's l3_db and extraroute_db): external gateways with SNAT, interfaces on subnets
// (a network:router_interface port holding the subnet's gateway address) and static routes.
// Routers are scheduled to the configured network node.

#include <algorithm>

#include "core/network/network_error.hpp"
#include "core/network/network_service.hpp"
#include "core/network/stored_lists.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {

Router NetworkService::load_router(const std::string& id) {
  store::Statement& s = db_.cached(
      "SELECT id, name, project_id, admin_state_up, status, gw_network_id, gw_port_id, "
      "enable_snat, routes FROM network_routers WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    throw router_not_found(id);
  }
  Router r;
  r.id = s.column_text(0);
  r.name = s.column_text(1);
  r.project_id = s.column_text(2);
  r.admin_state_up = s.column_int(3) != 0;
  r.status = s.column_text(4);
  const auto gw_network = s.column_optional_text(5);
  r.gateway_port_id = s.column_optional_text(6).value_or("");
  const bool snat = s.column_int(7) != 0;
  r.routes = routes_from_json_text(s.column_text(8));
  s.reset();
  if (gw_network) {
    ExternalGatewayInfo info{*gw_network, snat, {}};
    if (!r.gateway_port_id.empty()) info.external_fixed_ips = get_port(r.gateway_port_id).fixed_ips;
    r.external_gateway_info = info;
  }
  return r;
}

Router NetworkService::get_router(const std::string& id) {
  return load_router(id);
}

std::vector<Router> NetworkService::list_routers(const std::optional<std::string>& project_id) {
  store::Statement& s =
      db_.cached("SELECT id FROM network_routers WHERE ?1 IS NULL OR project_id = ?1 ORDER BY seq");
  s.bind(1, project_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<Router> out;
  for (const std::string& id : ids)
    out.push_back(load_router(id));
  return out;
}

std::vector<Port> NetworkService::router_interface_ports(const std::string& router_id) {
  return list_ports({.device_id = router_id, .device_owner = owner_router_interface});
}

Router NetworkService::create_router(const RouterRequest& r) {
  store::Savepoint tx(db_);
  quota_.check(r.project_id, "router");
  const NewId id = next_id();
  db_.cached(
         "INSERT INTO network_routers VALUES (?1, ?2, ?3, ?4, ?5, 'ACTIVE', NULL, NULL, 1, '[]')")
      .bind_all(id.id, id.seq, r.name, r.project_id, r.admin_state_up.value_or(true))
      .execute();
  if (r.external_gateway_info) set_gateway_unlocked(load_router(id.id), *r.external_gateway_info);
  Router out = load_router(id.id);
  tx.commit();
  return out;
}

Router NetworkService::update_router(const std::string& id, const std::optional<std::string>& name,
                                     const std::optional<bool>& admin_state_up) {
  store::Savepoint tx(db_);
  const Router r = load_router(id);
  db_.cached("UPDATE network_routers SET name = ?2, admin_state_up = ?3 WHERE id = ?1")
      .bind_all(id, name.value_or(r.name), admin_state_up.value_or(r.admin_state_up))
      .execute();
  Router out = load_router(id);
  tx.commit();
  return out;
}

void NetworkService::set_gateway_unlocked(const Router& router, const ExternalGatewayInfo& gw) {
  const Network network = load_network(gw.network_id);
  if (!network.router_external) {
    throw bad_request("router", "Network " + gw.network_id + " is not an external network");
  }
  if (router.external_gateway_info && router.external_gateway_info->network_id == gw.network_id) {
    // Same network: only SNAT (and possibly the requested address) change.
    db_.cached("UPDATE network_routers SET enable_snat = ?2 WHERE id = ?1")
        .bind_all(router.id, gw.enable_snat)
        .execute();
    return;
  }
  if (router.external_gateway_info) clear_gateway_unlocked(router);
  PortRequest request;
  request.network_id = network.id;
  request.device_owner = owner_router_gateway;
  request.device_id = router.id;
  request.binding_host_id = config_.network_node;
  if (!gw.external_fixed_ips.empty()) {
    std::vector<FixedIpRequest> ips;
    for (const FixedIp& f : gw.external_fixed_ips) {
      FixedIpRequest ip;
      if (!f.subnet_id.empty()) ip.subnet_id = f.subnet_id;
      if (!f.ip_address.empty()) ip.ip_address = f.ip_address;
      ips.push_back(ip);
    }
    request.fixed_ips = ips;
  }
  const Port port = create_port_unlocked(request, false);
  db_.cached(
         "UPDATE network_routers SET gw_network_id = ?2, gw_port_id = ?3, enable_snat = ?4 "
         "WHERE id = ?1")
      .bind_all(router.id, network.id, port.id, gw.enable_snat)
      .execute();
}

void NetworkService::clear_gateway_unlocked(const Router& router) {
  if (!router.external_gateway_info) return;
  store::Statement& q = db_.cached("SELECT 1 FROM network_floating_ips WHERE router_id = ?1");
  q.bind(1, router.id);
  const bool used = q.step();
  q.reset();
  if (used) {
    throw conflict("RouterExternalGatewayInUseByFloatingIp",
                   "Gateway cannot be updated for router " + router.id +
                       ", since a gateway to external network " +
                       router.external_gateway_info->network_id +
                       " is required by one or more floating IPs.");
  }
  db_.cached(
         "UPDATE network_routers SET gw_network_id = NULL, gw_port_id = NULL, enable_snat = 1 "
         "WHERE id = ?1")
      .bind(1, router.id)
      .execute();
  if (!router.gateway_port_id.empty()) delete_port_unlocked(router.gateway_port_id);
}

Router NetworkService::set_router_gateway(const std::string& id, const ExternalGatewayInfo& gw) {
  store::Savepoint tx(db_);
  set_gateway_unlocked(load_router(id), gw);
  Router out = load_router(id);
  tx.commit();
  return out;
}

Router NetworkService::clear_router_gateway(const std::string& id) {
  store::Savepoint tx(db_);
  clear_gateway_unlocked(load_router(id));
  Router out = load_router(id);
  tx.commit();
  return out;
}

Router NetworkService::update_router_routes(const std::string& id,
                                            const std::vector<HostRoute>& routes) {
  store::Savepoint tx(db_);
  const Router router = load_router(id);
  std::vector<Cidr> connected;
  std::vector<IpAddress> own;
  for (const Port& p : router_interface_ports(id)) {
    for (const FixedIp& f : p.fixed_ips) {
      connected.push_back(*Cidr::parse(get_subnet(f.subnet_id).cidr));
      own.push_back(*IpAddress::parse(f.ip_address));
    }
  }
  std::vector<HostRoute> normalised;
  for (const HostRoute& route : routes) {
    const auto destination = Cidr::parse(route.destination);
    const auto nexthop = IpAddress::parse(route.nexthop);
    if (!destination || !nexthop || destination->version() != nexthop->version()) {
      throw bad_request("router", "Invalid format for routes: " + python_repr(routes) +
                                      ", the route is not a destination CIDR and nexthop");
    }
    if (std::find(own.begin(), own.end(), *nexthop) != own.end()) {
      throw bad_request("router", "Invalid format for routes: " + python_repr(routes) +
                                      ", the nexthop is used by router");
    }
    const bool reachable = std::any_of(connected.begin(), connected.end(),
                                       [&](const Cidr& c) { return c.contains(*nexthop); });
    if (!reachable) {
      throw bad_request("router", "Invalid format for routes: " + python_repr(routes) +
                                      ", the nexthop is not connected with router");
    }
    normalised.push_back({destination->str(), nexthop->str()});
  }
  db_.cached("UPDATE network_routers SET routes = ?2 WHERE id = ?1")
      .bind_all(router.id, to_json_text(normalised))
      .execute();
  Router out = load_router(id);
  tx.commit();
  return out;
}

void NetworkService::delete_router(const std::string& id) {
  store::Savepoint tx(db_);
  const Router router = load_router(id);
  if (!router_interface_ports(id).empty()) {
    throw conflict("RouterInUse", "Router " + id + " still has ports");
  }
  clear_gateway_unlocked(router);
  db_.cached("DELETE FROM network_routers WHERE id = ?1").bind(1, id).execute();
  tx.commit();
}

RouterInterface NetworkService::add_router_interface_subnet(const std::string& router_id,
                                                            const std::string& subnet_id) {
  store::Savepoint tx(db_);
  const Router router = load_router(router_id);
  const Subnet subnet = get_subnet(subnet_id);
  if (!subnet.gateway_ip) {
    throw bad_request("router", "Subnet for router interface must have a gateway IP");
  }
  const Cidr cidr = *Cidr::parse(subnet.cidr);
  for (const Port& p : router_interface_ports(router_id)) {
    for (const FixedIp& f : p.fixed_ips) {
      if (f.subnet_id == subnet_id) {
        throw bad_request("router", "Router already has a port on subnet " + subnet_id);
      }
      const Subnet other = get_subnet(f.subnet_id);
      if (Cidr::parse(other.cidr)->overlaps(cidr)) {
        throw bad_request("router", "Cidr " + subnet.cidr + " of subnet " + subnet_id +
                                        " overlaps with cidr " + other.cidr + " of subnet " +
                                        other.id);
      }
    }
  }
  PortRequest request;
  request.project_id = router.project_id;
  request.network_id = subnet.network_id;
  request.device_owner = owner_router_interface;
  request.device_id = router_id;
  request.binding_host_id = config_.network_node;
  request.fixed_ips = std::vector<FixedIpRequest>{{subnet_id, *subnet.gateway_ip}};
  const Port port = create_port_unlocked(request, false);
  tx.commit();
  return {router_id, subnet_id, port.id, router.project_id};
}

RouterInterface NetworkService::add_router_interface_port(const std::string& router_id,
                                                          const std::string& port_id) {
  store::Savepoint tx(db_);
  const Router router = load_router(router_id);
  const Port port = get_port(port_id);
  if (!port.device_id.empty()) {
    throw conflict("PortInUse", "Unable to complete operation on port " + port_id +
                                    " for network " + port.network_id +
                                    ". Port already has an attached device " + port.device_id +
                                    ".");
  }
  if (port.fixed_ips.empty()) {
    throw bad_request("router", "Router port must have at least one fixed IP");
  }
  for (const Port& p : router_interface_ports(router_id)) {
    for (const FixedIp& f : p.fixed_ips) {
      for (const FixedIp& mine : port.fixed_ips) {
        const Subnet a = get_subnet(mine.subnet_id);
        const Subnet b = get_subnet(f.subnet_id);
        if (Cidr::parse(a.cidr)->overlaps(*Cidr::parse(b.cidr))) {
          throw bad_request("router", "Cidr " + a.cidr + " of subnet " + a.id +
                                          " overlaps with cidr " + b.cidr + " of subnet " + b.id);
        }
      }
    }
  }
  set_port_security_groups(port_id, {});
  db_.cached(
         "UPDATE network_ports SET device_owner = ?2, device_id = ?3, port_security_enabled = 0 "
         "WHERE id = ?1")
      .bind_all(port_id, std::string(owner_router_interface), router_id)
      .execute();
  bind_port_unlocked(port_id, config_.network_node);
  tx.commit();
  return {router_id, port.fixed_ips.front().subnet_id, port_id, router.project_id};
}

RouterInterface NetworkService::remove_router_interface(const Router& router, const Port& port,
                                                        const std::string& subnet_id) {
  const Cidr cidr = *Cidr::parse(get_subnet(subnet_id).cidr);
  store::Statement& q =
      db_.cached("SELECT f.fixed_ip_address FROM network_floating_ips f WHERE f.router_id = ?1");
  q.bind(1, router.id);
  bool fip_needs_it = false;
  while (q.step())
    fip_needs_it = fip_needs_it || cidr.contains(*IpAddress::parse(q.column_text(0)));
  q.reset();
  if (fip_needs_it) {
    throw conflict("RouterInterfaceInUseByFloatingIP",
                   "Router interface for subnet " + subnet_id + " on router " + router.id +
                       " cannot be deleted, as it is required by one or more floating IPs.");
  }
  for (const HostRoute& route : router.routes) {
    if (cidr.contains(*IpAddress::parse(route.nexthop))) {
      throw conflict("RouterInterfaceInUseByRoute",
                     "Router interface for subnet " + subnet_id + " on router " + router.id +
                         " cannot be deleted, as it is required by one or more routes.");
    }
  }
  delete_port_unlocked(port.id);
  return {router.id, subnet_id, port.id, router.project_id};
}

RouterInterface NetworkService::remove_router_interface_subnet(const std::string& router_id,
                                                               const std::string& subnet_id) {
  store::Savepoint tx(db_);
  const Router router = load_router(router_id);
  (void)get_subnet(subnet_id);  // SubnetNotFound
  for (const Port& p : router_interface_ports(router_id)) {
    for (const FixedIp& f : p.fixed_ips) {
      if (f.subnet_id == subnet_id) {
        RouterInterface out = remove_router_interface(router, p, subnet_id);
        tx.commit();
        return out;
      }
    }
  }
  throw ServiceError("RouterInterfaceNotFoundForSubnet", 404,
                     "Router " + router_id + " has no interface on subnet " + subnet_id);
}

RouterInterface NetworkService::remove_router_interface_port(const std::string& router_id,
                                                             const std::string& port_id) {
  store::Savepoint tx(db_);
  const Router router = load_router(router_id);
  const Port port = get_port(port_id);
  if (port.device_id != router_id || port.device_owner != owner_router_interface) {
    throw ServiceError("RouterInterfaceNotFound", 404,
                       "Router " + router_id + " does not have an interface with id " + port_id);
  }
  const std::string subnet_id = port.fixed_ips.empty() ? "" : port.fixed_ips.front().subnet_id;
  RouterInterface out = remove_router_interface(router, port, subnet_id);
  tx.commit();
  return out;
}

}  // namespace stacksim::network
