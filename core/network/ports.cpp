// Ports: MAC and fixed-IP allocation, port security, security groups, allowed address pairs and
// host binding, with Neutron's validation and errors.

#include <algorithm>

#include "core/network/network_error.hpp"
#include "core/network/network_service.hpp"
#include "core/network/stored_lists.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {
namespace {

constexpr int first_vm_ofport = 10;  // br-int ports below are patch ports (flow_layout.hpp)

constexpr const char* port_columns =
    "SELECT id, name, project_id, network_id, mac_address, admin_state_up, status, "
    "device_owner, device_id, host_id, vif_type, port_security_enabled, allowed_address_pairs "
    "FROM network_ports";

Port read_port(const store::Statement& s) {
  Port p;
  p.id = s.column_text(0);
  p.name = s.column_text(1);
  p.project_id = s.column_text(2);
  p.network_id = s.column_text(3);
  p.mac_address = s.column_text(4);
  p.admin_state_up = s.column_int(5) != 0;
  p.status = s.column_text(6);
  p.device_owner = s.column_text(7);
  p.device_id = s.column_text(8);
  p.binding_host_id = s.column_text(9);
  p.binding_vif_type = s.column_text(10);
  p.port_security_enabled = s.column_int(11) != 0;
  p.allowed_address_pairs = address_pairs_from_json_text(s.column_text(12));
  return p;
}

std::vector<AddressPair> validated_address_pairs(const std::vector<AddressPair>& pairs,
                                                 const std::string& port_mac) {
  std::vector<AddressPair> out;
  for (const AddressPair& p : pairs) {
    const auto cidr = Cidr::parse(p.ip_address, true);
    if (!cidr) {
      throw invalid_attribute("allowed_address_pairs",
                              "'" + p.ip_address + "' is not a valid IP address");
    }
    std::string mac = port_mac;
    if (!p.mac_address.empty()) {
      const auto parsed = MacAddress::parse(p.mac_address);
      if (!parsed) {
        throw invalid_attribute("allowed_address_pairs",
                                "'" + p.mac_address + "' is not a valid MAC address");
      }
      mac = parsed->str();
    }
    const std::string ip =
        cidr->prefix_length() == cidr->max_prefix_length() ? cidr->address().str() : cidr->str();
    out.push_back({ip, mac});
  }
  return out;
}

[[noreturn]] void address_pairs_need_port_security() {
  throw conflict("AddressPairAndPortSecurityRequired",
                 "Port Security must be enabled in order to have allowed address pairs on a port.");
}

[[noreturn]] void security_groups_need_port_security() {
  throw conflict("PortSecurityAndIPRequiredForSecurityGroups",
                 "Port security must be enabled and port must have an IP address in order to use "
                 "security groups.");
}

}  // namespace

Port NetworkService::get_port(const std::string& id) {
  store::Statement& s = db_.cached(std::string(port_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    throw port_not_found(id);
  }
  Port p = read_port(s);
  s.reset();
  store::Statement& ips = db_.cached(
      "SELECT a.subnet_id, a.ip_address FROM network_ip_allocations a JOIN network_subnets s ON "
      "s.id = a.subnet_id WHERE a.port_id = ?1 ORDER BY s.seq, a.ip_key");
  ips.bind(1, id);
  while (ips.step())
    p.fixed_ips.push_back({ips.column_text(0), ips.column_text(1)});
  ips.reset();
  store::Statement& groups = db_.cached(
      "SELECT security_group_id FROM network_port_security_groups WHERE port_id = ?1 "
      "ORDER BY security_group_id");
  groups.bind(1, id);
  while (groups.step())
    p.security_groups.push_back(groups.column_text(0));
  groups.reset();
  return p;
}

std::vector<Port> NetworkService::list_ports(const PortFilter& f) {
  store::Statement& s = db_.cached(
      "SELECT id FROM network_ports WHERE (?1 IS NULL OR network_id = ?1) AND "
      "(?2 IS NULL OR device_id = ?2) AND (?3 IS NULL OR device_owner = ?3) AND "
      "(?4 IS NULL OR host_id = ?4) AND (?5 IS NULL OR project_id = ?5) ORDER BY seq");
  s.bind_all(f.network_id, f.device_id, f.device_owner, f.binding_host_id, f.project_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<Port> out;
  for (const std::string& id : ids)
    out.push_back(get_port(id));
  return out;
}

std::optional<int> NetworkService::port_ofport(const std::string& port_id) {
  store::Statement& s = db_.cached("SELECT ofport FROM network_ports WHERE id = ?1");
  s.bind(1, port_id);
  std::optional<int> out;
  if (s.step() && !s.is_null(0)) out = s.column_int(0);
  s.reset();
  return out;
}

void NetworkService::allocate_fixed_ips(
    const Port& port, const Network& network,
    const std::optional<std::vector<FixedIpRequest>>& requests) {
  std::vector<Subnet> subnets;
  for (const std::string& id : network.subnets)
    subnets.push_back(get_subnet(id));
  auto slaac_address = [&](const Subnet& s) {
    const Cidr cidr = *Cidr::parse(s.cidr);
    return IpAddress(6, cidr.first().value() | MacAddress::parse(port.mac_address)->eui64());
  };
  if (!requests) {
    // One address from the first IPv4 subnet with room, one from the first stateful IPv6 subnet
    // with room, and the SLAAC address of every auto-address subnet.
    bool v4_needed = false;
    bool v4_done = false;
    bool v6_needed = false;
    bool v6_done = false;
    for (const Subnet& s : subnets) {
      if (is_auto_address_subnet(s)) {
        if (port.device_owner != owner_router_interface)
          ipam_.allocate(s.id, network.id, slaac_address(s), port.id);
        continue;
      }
      bool& needed = s.ip_version == 4 ? v4_needed : v6_needed;
      bool& done = s.ip_version == 4 ? v4_done : v6_done;
      needed = true;
      if (done) continue;
      if (const auto ip = ipam_.lowest_free(s.id)) {
        ipam_.allocate(s.id, network.id, *ip, port.id);
        done = true;
      }
    }
    if ((v4_needed && !v4_done) || (v6_needed && !v6_done))
      throw ip_address_generation_failure(network.id);
    return;
  }
  for (const FixedIpRequest& r : *requests) {
    const Subnet* subnet = nullptr;
    std::optional<IpAddress> ip;
    if (r.ip_address) {
      ip = IpAddress::parse(*r.ip_address);
      if (!ip)
        throw invalid_attribute("fixed_ips", "'" + *r.ip_address + "' is not a valid IP address");
    }
    if (r.subnet_id) {
      for (const Subnet& s : subnets)
        if (s.id == *r.subnet_id) subnet = &s;
      if (subnet == nullptr) {
        throw invalid_input("Failed to create port on network " + network.id +
                            ", because fixed_ips included invalid subnet " + *r.subnet_id);
      }
    } else if (ip) {
      for (const Subnet& s : subnets)
        if (Cidr::parse(s.cidr)->contains(*ip)) subnet = &s;
      if (subnet == nullptr) {
        throw bad_request("port", "IP address " + ip->str() +
                                      " is not a valid IP for any of the subnets on the "
                                      "specified network");
      }
    } else {
      throw bad_request("port", "IP allocation requires subnet_id or ip_address");
    }
    const Cidr cidr = *Cidr::parse(subnet->cidr);
    if (!ip) {
      if (is_auto_address_subnet(*subnet)) {
        ipam_.allocate(subnet->id, network.id, slaac_address(*subnet), port.id);
      } else {
        ipam_.allocate_next(subnet->id, network.id, port.id);
      }
      continue;
    }
    const bool reserved = cidr.version() == 4 && (*ip == cidr.first() || *ip == cidr.last());
    if (!cidr.contains(*ip) || reserved) {
      throw bad_request("port",
                        "IP address " + ip->str() + " is not a valid IP for the specified subnet");
    }
    if (is_auto_address_subnet(*subnet) && port.device_owner != owner_router_interface) {
      throw invalid_input("IPv6 address " + ip->str() +
                          " cannot be directly assigned to a port on subnet " + subnet->id +
                          " since the subnet is configured for automatic addresses");
    }
    ipam_.allocate(subnet->id, network.id, *ip, port.id);
  }
}

std::vector<std::string> NetworkService::default_port_security_groups(
    const std::string& project_id) {
  return {ensure_default_security_group_unlocked(project_id).id};
}

void NetworkService::set_port_security_groups(const std::string& port_id,
                                              const std::vector<std::string>& ids) {
  db_.cached("DELETE FROM network_port_security_groups WHERE port_id = ?1")
      .bind(1, port_id)
      .execute();
  for (const std::string& id : ids) {
    (void)get_security_group(id);  // SecurityGroupNotFound
    db_.cached("INSERT OR IGNORE INTO network_port_security_groups VALUES (?1, ?2)")
        .bind_all(port_id, id)
        .execute();
  }
}

Port NetworkService::create_port_unlocked(const PortRequest& r, bool user_request) {
  const Network network = load_network(r.network_id);
  if (user_request) {
    if (network.project_id != r.project_id && !network.shared)
      throw network_not_found(r.network_id);
    quota_.check(r.project_id, "port");
  }
  std::string mac;
  if (r.mac_address) {
    const auto parsed = MacAddress::parse(*r.mac_address);
    if (!parsed || parsed->is_multicast()) {
      throw invalid_attribute("mac_address", "'" + *r.mac_address + "' is not a valid MAC address");
    }
    mac = parsed->str();
    store::Statement& q =
        db_.cached("SELECT 1 FROM network_ports WHERE network_id = ?1 AND mac_address = ?2");
    q.bind(1, network.id).bind(2, mac);
    const bool taken = q.step();
    q.reset();
    if (taken) {
      throw conflict("MacAddressInUse", "Unable to complete operation for network " + network.id +
                                            ". The mac address " + mac + " is in use.");
    }
  } else {
    mac = next_mac(network.id).str();
  }
  // Neutron's network devices (DHCP, routers) carry no security groups and no port security.
  const bool network_device = r.device_owner.rfind("network:", 0) == 0;
  const bool port_security = network_device ? false : r.port_security_enabled.value_or(true);
  if (!port_security && r.security_groups && !r.security_groups->empty())
    security_groups_need_port_security();
  if (!port_security && !r.allowed_address_pairs.empty()) address_pairs_need_port_security();
  const auto pairs = validated_address_pairs(r.allowed_address_pairs, mac);

  const NewId id = next_id();
  db_.cached(
         "INSERT INTO network_ports VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'DOWN', ?8, ?9, '', "
         "'unbound', ?10, ?11, NULL, 0)")
      .bind_all(id.id, id.seq, r.name, r.project_id, network.id, mac,
                r.admin_state_up.value_or(true), r.device_owner, r.device_id, port_security,
                to_json_text(pairs))
      .execute();
  Port port = get_port(id.id);
  allocate_fixed_ips(port, network, r.fixed_ips);
  if (port_security) {
    set_port_security_groups(
        id.id, r.security_groups ? *r.security_groups : default_port_security_groups(r.project_id));
  }
  if (!r.binding_host_id.empty()) bind_port_unlocked(id.id, r.binding_host_id);
  return get_port(id.id);
}

Port NetworkService::create_port(const PortRequest& request) {
  store::Savepoint tx(db_);
  Port p = create_port_unlocked(request, true);
  tx.commit();
  return p;
}

Port NetworkService::update_port(const std::string& id, const PortUpdate& u) {
  store::Savepoint tx(db_);
  const Port p = get_port(id);
  const bool port_security = u.port_security_enabled.value_or(p.port_security_enabled);
  const auto groups = u.security_groups.value_or(p.security_groups);
  const auto pairs = u.allowed_address_pairs
                         ? validated_address_pairs(*u.allowed_address_pairs, p.mac_address)
                         : p.allowed_address_pairs;
  if (!port_security && !groups.empty()) {
    if (!u.security_groups && p.port_security_enabled) {
      throw conflict("PortSecurityPortHasSecurityGroup",
                     "Port has security group associated. Cannot disable port security or ip "
                     "address until security group is removed");
    }
    security_groups_need_port_security();
  }
  if (!port_security && !pairs.empty()) address_pairs_need_port_security();
  db_.cached(
         "UPDATE network_ports SET name = ?2, admin_state_up = ?3, device_owner = ?4, "
         "device_id = ?5, port_security_enabled = ?6, allowed_address_pairs = ?7 WHERE id = ?1")
      .bind_all(id, u.name.value_or(p.name), u.admin_state_up.value_or(p.admin_state_up),
                u.device_owner.value_or(p.device_owner), u.device_id.value_or(p.device_id),
                port_security, to_json_text(pairs))
      .execute();
  if (u.fixed_ips) {
    ipam_.release_port(id);
    allocate_fixed_ips(get_port(id), load_network(p.network_id), *u.fixed_ips);
  }
  if (u.security_groups || u.port_security_enabled) set_port_security_groups(id, groups);
  if (u.binding_host_id) {
    if (u.binding_host_id->empty()) {
      unbind_port_unlocked(id);
    } else {
      bind_port_unlocked(id, *u.binding_host_id);
    }
  } else if (u.admin_state_up && !p.binding_host_id.empty()) {
    bind_port_unlocked(id, p.binding_host_id);  // refreshes the status
  }
  Port out = get_port(id);
  tx.commit();
  return out;
}

void NetworkService::delete_port_unlocked(const std::string& id) {
  disassociate_port_floating_ips(id);
  ipam_.release_port(id);
  db_.cached("DELETE FROM network_ports WHERE id = ?1").bind(1, id).execute();
}

void NetworkService::delete_port(const std::string& id) {
  store::Savepoint tx(db_);
  const Port p = get_port(id);
  if (is_virtual_port(p.device_owner)) {
    throw conflict("L3PortInUse", "Port " + id + " has owner " + p.device_owner +
                                      " and therefore cannot be deleted directly via the port "
                                      "API.");
  }
  delete_port_unlocked(id);
  tx.commit();
}

void NetworkService::bind_port_unlocked(const std::string& port_id, const std::string& host) {
  const Port p = get_port(port_id);
  std::optional<int> ofport;
  if (!is_virtual_port(p.device_owner)) {
    ofport = p.binding_host_id == host ? port_ofport(port_id) : std::nullopt;
    if (!ofport) {
      // The lowest OpenFlow port number free on the host's br-int.
      store::Statement& q = db_.cached(
          "SELECT ofport FROM network_ports WHERE host_id = ?1 AND ofport IS NOT NULL "
          "ORDER BY ofport");
      q.bind(1, host);
      int candidate = first_vm_ofport;
      while (q.step() && q.column_int(0) == candidate)
        ++candidate;
      q.reset();
      ofport = candidate;
    }
  }
  db_.cached(
         "INSERT OR IGNORE INTO network_hosts SELECT ?1, COALESCE(MAX(idx), 0) + 1 FROM "
         "network_hosts")
      .bind(1, host)
      .execute();
  db_.cached(
         "UPDATE network_ports SET host_id = ?2, vif_type = 'ovs', ofport = ?3, status = ?4 "
         "WHERE id = ?1")
      .bind_all(port_id, host, ofport, std::string(p.admin_state_up ? "ACTIVE" : "DOWN"))
      .execute();
}

void NetworkService::unbind_port_unlocked(const std::string& port_id) {
  db_.cached(
         "UPDATE network_ports SET host_id = '', vif_type = 'unbound', ofport = NULL, "
         "status = 'DOWN' WHERE id = ?1")
      .bind(1, port_id)
      .execute();
}

}  // namespace stacksim::network
