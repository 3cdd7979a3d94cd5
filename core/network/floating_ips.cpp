// Floating IPs (Neutron's l3_db): an address on an external network, held by a network:floatingip
// port, associated with a fixed address of a port that a router connects to that external network.

#include <algorithm>

#include "core/network/network_error.hpp"
#include "core/network/network_service.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {
namespace {

constexpr const char* fip_columns =
    "SELECT id, project_id, floating_network_id, floating_ip_address, fixed_port_id, "
    "fixed_ip_address, router_id, status, description, floating_port_id FROM network_floating_ips";

FloatingIp read_fip(const store::Statement& s) {
  FloatingIp f;
  f.id = s.column_text(0);
  f.project_id = s.column_text(1);
  f.floating_network_id = s.column_text(2);
  f.floating_ip_address = s.column_text(3);
  f.port_id = s.column_optional_text(4).value_or("");
  f.fixed_ip_address = s.column_optional_text(5).value_or("");
  f.router_id = s.column_optional_text(6).value_or("");
  f.status = s.column_text(7);
  f.description = s.column_text(8);
  f.floating_port_id = s.column_text(9);
  return f;
}

}  // namespace

FloatingIp NetworkService::get_floating_ip(const std::string& id) {
  store::Statement& s = db_.cached(std::string(fip_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    throw floating_ip_not_found(id);
  }
  FloatingIp f = read_fip(s);
  s.reset();
  return f;
}

std::vector<FloatingIp> NetworkService::list_floating_ips(
    const std::optional<std::string>& project_id) {
  store::Statement& s =
      db_.cached(std::string(fip_columns) + " WHERE ?1 IS NULL OR project_id = ?1 ORDER BY seq");
  s.bind(1, project_id);
  std::vector<FloatingIp> out;
  while (s.step())
    out.push_back(read_fip(s));
  s.reset();
  return out;
}

FloatingIp NetworkService::create_floating_ip(const FloatingIpRequest& r) {
  store::Savepoint tx(db_);
  const Network network = load_network(r.floating_network_id);
  if (!network.router_external) {
    throw bad_request("floatingip", "Network " + network.id + " is not a valid external network");
  }
  quota_.check(r.project_id, "floatingip");
  const NewId id = next_id();
  PortRequest request;
  request.network_id = network.id;
  request.device_owner = owner_floating_ip;
  request.device_id = id.id;
  if (r.floating_ip_address) {
    request.fixed_ips = std::vector<FixedIpRequest>{{std::nullopt, *r.floating_ip_address}};
  } else {
    // One IPv4 address: floating IPs are IPv4 only.
    std::vector<FixedIpRequest> ips;
    for (const Subnet& s : list_subnets(network.id)) {
      if (s.ip_version == 4 && ipam_.lowest_free(s.id)) {
        ips.push_back({s.id, std::nullopt});
        break;
      }
    }
    if (ips.empty()) throw ip_address_generation_failure(network.id);
    request.fixed_ips = ips;
  }
  const Port port = create_port_unlocked(request, false);
  db_.cached(
         "INSERT INTO network_floating_ips VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL, NULL, "
         "'DOWN', ?7)")
      .bind_all(id.id, id.seq, r.project_id, network.id, port.id, port.fixed_ips.front().ip_address,
                r.description)
      .execute();
  if (r.port_id) associate_unlocked(id.id, *r.port_id, r.fixed_ip_address);
  FloatingIp out = get_floating_ip(id.id);
  tx.commit();
  return out;
}

std::string NetworkService::router_for_floating_ip(const FloatingIp& fip, const Port& port,
                                                   const std::string& fixed_ip) {
  std::string subnet_id;
  for (const FixedIp& f : port.fixed_ips)
    if (f.ip_address == fixed_ip) subnet_id = f.subnet_id;
  // A router with its gateway on the floating network and an interface on the port's subnet.
  for (const Router& router : list_routers()) {
    if (!router.external_gateway_info ||
        router.external_gateway_info->network_id != fip.floating_network_id) {
      continue;
    }
    for (const Port& p : router_interface_ports(router.id)) {
      for (const FixedIp& f : p.fixed_ips)
        if (f.subnet_id == subnet_id) return router.id;
    }
  }
  throw ServiceError("ExternalGatewayForFloatingIPNotFound", 404,
                     "External network " + fip.floating_network_id +
                         " is not reachable from subnet " + subnet_id +
                         ".  Therefore, cannot associate Port " + port.id + " with a Floating IP.");
}

FloatingIp NetworkService::associate_floating_ip(
    const std::string& id, const std::string& port_id,
    const std::optional<std::string>& fixed_ip_address) {
  store::Savepoint tx(db_);
  associate_unlocked(id, port_id, fixed_ip_address);
  FloatingIp out = get_floating_ip(id);
  tx.commit();
  return out;
}

void NetworkService::associate_unlocked(const std::string& id, const std::string& port_id,
                                        const std::optional<std::string>& fixed_ip_address) {
  const FloatingIp fip = get_floating_ip(id);
  const Port port = get_port(port_id);
  if (port.project_id != fip.project_id) {
    throw bad_request("floatingip", "Cannot create floating IP and bind it to Port " + port_id +
                                        ", since that port is owned by a different tenant");
  }
  std::string fixed;
  if (fixed_ip_address) {
    const bool has =
        std::any_of(port.fixed_ips.begin(), port.fixed_ips.end(),
                    [&](const FixedIp& f) { return f.ip_address == *fixed_ip_address; });
    if (!has) {
      throw bad_request("floatingip",
                        "Port " + port_id + " does not have fixed ip " + *fixed_ip_address);
    }
    fixed = *fixed_ip_address;
  } else {
    for (const FixedIp& f : port.fixed_ips) {
      if (IpAddress::parse(f.ip_address)->version() == 4) {
        fixed = f.ip_address;
        break;
      }
    }
    if (fixed.empty()) {
      throw bad_request("floatingip", "Port " + port_id +
                                          " does not have any fixed IPv4 address to associate "
                                          "with a floating IP");
    }
  }
  if (IpAddress::parse(fixed)->version() != 4) {
    throw bad_request("floatingip", "Cannot process floating IP association with " + fixed +
                                        ", since that is not an IPv4 address");
  }
  for (const FloatingIp& other : list_floating_ips()) {
    if (other.id != id && other.port_id == port_id && other.fixed_ip_address == fixed &&
        other.floating_network_id == fip.floating_network_id) {
      throw conflict("FloatingIPPortAlreadyAssociated",
                     "Cannot associate floating IP " + fip.floating_ip_address + " (" + id +
                         ") with port " + port_id + " using fixed IP " + fixed +
                         ", as that fixed IP already has a floating IP on external network " +
                         fip.floating_network_id + ".");
    }
  }
  const std::string router_id = router_for_floating_ip(fip, port, fixed);
  db_.cached(
         "UPDATE network_floating_ips SET fixed_port_id = ?2, fixed_ip_address = ?3, "
         "router_id = ?4, status = 'ACTIVE' WHERE id = ?1")
      .bind_all(id, port_id, fixed, router_id)
      .execute();
}

FloatingIp NetworkService::disassociate_floating_ip(const std::string& id) {
  store::Savepoint tx(db_);
  (void)get_floating_ip(id);  // FloatingIPNotFound
  db_.cached(
         "UPDATE network_floating_ips SET fixed_port_id = NULL, fixed_ip_address = NULL, "
         "router_id = NULL, status = 'DOWN' WHERE id = ?1")
      .bind(1, id)
      .execute();
  FloatingIp out = get_floating_ip(id);
  tx.commit();
  return out;
}

void NetworkService::disassociate_port_floating_ips(const std::string& port_id) {
  db_.cached(
         "UPDATE network_floating_ips SET fixed_port_id = NULL, fixed_ip_address = NULL, "
         "router_id = NULL, status = 'DOWN' WHERE fixed_port_id = ?1")
      .bind(1, port_id)
      .execute();
}

void NetworkService::delete_floating_ip(const std::string& id) {
  store::Savepoint tx(db_);
  const FloatingIp fip = get_floating_ip(id);
  db_.cached("DELETE FROM network_floating_ips WHERE id = ?1").bind(1, id).execute();
  delete_port_unlocked(fip.floating_port_id);
  tx.commit();
}

}  // namespace stacksim::network
