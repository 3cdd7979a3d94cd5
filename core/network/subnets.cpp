// Subnets: CIDR, gateway and pool validation as Neutron's db_base_plugin_v2 and ipam utils do it,
// and the network's DHCP port that follows the DHCP-enabled subnets.

#include <algorithm>

#include "core/network/network_error.hpp"
#include "core/network/network_service.hpp"
#include "core/network/stored_lists.hpp"
#include "core/runtime/random.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {
namespace {

constexpr const char* subnet_columns =
    "SELECT id, name, project_id, network_id, ip_version, cidr, gateway_ip, enable_dhcp, "
    "dns_nameservers, host_routes, ipv6_ra_mode, ipv6_address_mode FROM network_subnets";

Subnet read_subnet(const store::Statement& s) {
  Subnet n;
  n.id = s.column_text(0);
  n.name = s.column_text(1);
  n.project_id = s.column_text(2);
  n.network_id = s.column_text(3);
  n.ip_version = s.column_int(4);
  n.cidr = s.column_text(5);
  n.gateway_ip = s.column_optional_text(6);
  n.enable_dhcp = s.column_int(7) != 0;
  n.dns_nameservers = strings_from_json_text(s.column_text(8));
  n.host_routes = routes_from_json_text(s.column_text(9));
  n.ipv6_ra_mode = s.column_optional_text(10);
  n.ipv6_address_mode = s.column_optional_text(11);
  return n;
}

std::string range_text(const AddressRange& r) {
  return r.first.str() + "-" + r.last.str();
}

Cidr parse_subnet_cidr(const std::string& text) {
  const auto cidr = Cidr::parse(text);
  if (!cidr) throw invalid_attribute("cidr", "'" + text + "' is not a valid IP subnet");
  if (cidr->has_host_bits()) {
    throw invalid_attribute("cidr", "'" + text + "' isn't a recognized IP subnet cidr, '" +
                                        cidr->str() + "' is recommended");
  }
  return *cidr;
}

IpAddress parse_address(const std::string& attribute, const std::string& text, int version) {
  const auto ip = IpAddress::parse(text);
  if (!ip) throw invalid_attribute(attribute, "'" + text + "' is not a valid IP address");
  if (ip->version() != version) {
    throw invalid_input(attribute + " '" + text + "' does not match the ip_version '" +
                        std::to_string(version) + "'");
  }
  return *ip;
}

void validate_gateway(const NetworkConfig& config, const Cidr& cidr, const IpAddress& gateway) {
  const bool inside = cidr.contains(gateway);
  const bool reserved = cidr.version() == 4 && (gateway == cidr.first() || gateway == cidr.last());
  if ((inside && reserved) || (!inside && config.force_gateway_on_subnet)) {
    throw invalid_input("Gateway is not valid on subnet");
  }
}

// Neutron's generate_pools: the CIDR minus the network address, the IPv4 broadcast address and the
// gateway.
std::vector<AddressRange> default_pools(const Cidr& cidr, const std::optional<IpAddress>& gateway) {
  if (cidr.first() == cidr.last()) return {{cidr.first(), cidr.first()}};
  const IpAddress first = cidr.first().plus(1);
  const IpAddress last = cidr.version() == 4 ? cidr.last().minus(1) : cidr.last();
  if (first >= last) return {};
  if (!gateway || *gateway < first || *gateway > last) return {{first, last}};
  std::vector<AddressRange> pools;
  if (*gateway > first) pools.push_back({first, gateway->minus(1)});
  if (*gateway < last) pools.push_back({gateway->plus(1), last});
  return pools;
}

std::vector<AddressRange> requested_pools(const std::vector<AllocationPool>& requested,
                                          const Cidr& cidr) {
  std::vector<AddressRange> pools;
  for (const AllocationPool& p : requested) {
    const auto start = IpAddress::parse(p.start);
    const auto end = IpAddress::parse(p.end);
    const std::string text = p.start + "-" + p.end;
    if (!start || !end || start->version() != cidr.version() || end->version() != cidr.version() ||
        *end < *start) {
      throw bad_request("subnet", "The allocation pool " + text + " is not valid");
    }
    const IpAddress low = cidr.version() == 4 ? cidr.first().plus(1) : cidr.first();
    const IpAddress high = cidr.version() == 4 ? cidr.last().minus(1) : cidr.last();
    if (*start < low || *end > high) {
      throw bad_request(
          "subnet", "The allocation pool " + text + " spans beyond the subnet cidr " + cidr.str());
    }
    pools.push_back({*start, *end});
  }
  for (std::size_t i = 0; i < pools.size(); ++i) {
    for (std::size_t j = i + 1; j < pools.size(); ++j) {
      if (pools[i].first <= pools[j].last && pools[j].first <= pools[i].last) {
        throw bad_request("subnet", "Found overlapping allocation pools: " + range_text(pools[i]) +
                                        " " + range_text(pools[j]) + " for subnet " + cidr.str());
      }
    }
  }
  return pools;
}

void check_gateway_outside_pools(const IpAddress& gateway, const std::vector<AddressRange>& pools) {
  for (const AddressRange& r : pools) {
    if (gateway >= r.first && gateway <= r.last) {
      throw conflict(
          "GatewayConflictWithAllocationPools",
          "Gateway ip " + gateway.str() + " conflicts with allocation pool " + range_text(r) + ".");
    }
  }
}

std::vector<std::string> validated_nameservers(const std::vector<std::string>& servers) {
  std::vector<std::string> out;
  for (const std::string& s : servers) {
    const auto ip = IpAddress::parse(s);
    if (!ip) throw invalid_attribute("dns_nameservers", "'" + s + "' is not a valid nameserver");
    if (std::find(out.begin(), out.end(), ip->str()) != out.end()) {
      throw invalid_attribute("dns_nameservers", "Duplicate nameserver '" + s + "'");
    }
    out.push_back(ip->str());
  }
  return out;
}

std::vector<HostRoute> validated_host_routes(const std::vector<HostRoute>& routes, int version) {
  std::vector<HostRoute> out;
  for (const HostRoute& r : routes) {
    const auto destination = Cidr::parse(r.destination);
    const auto nexthop = IpAddress::parse(r.nexthop);
    if (!destination || !nexthop || destination->version() != version ||
        nexthop->version() != version) {
      throw invalid_input("Invalid route: {'destination': '" + r.destination + "', 'nexthop': '" +
                          r.nexthop + "'}");
    }
    out.push_back({destination->str(), nexthop->str()});
  }
  return out;
}

void validate_ipv6_modes(const SubnetRequest& r, const Cidr& cidr) {
  auto valid = [](const std::optional<std::string>& mode) {
    return !mode || *mode == "slaac" || *mode == "dhcpv6-stateful" || *mode == "dhcpv6-stateless";
  };
  if (!valid(r.ipv6_ra_mode)) {
    throw invalid_attribute("ipv6_ra_mode", "'" + *r.ipv6_ra_mode + "' is not in " +
                                                "['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac']");
  }
  if (!valid(r.ipv6_address_mode)) {
    throw invalid_attribute("ipv6_address_mode",
                            "'" + *r.ipv6_address_mode + "' is not in " +
                                "['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac']");
  }
  if (r.ip_version == 4 && (r.ipv6_ra_mode || r.ipv6_address_mode)) {
    throw invalid_input("ipv6_ra_mode or ipv6_address_mode cannot be set when ip_version is 4");
  }
  if (r.ipv6_ra_mode && r.ipv6_address_mode && *r.ipv6_ra_mode != *r.ipv6_address_mode) {
    throw invalid_input("ipv6_ra_mode set to '" + *r.ipv6_ra_mode +
                        "' with ipv6_address_mode set to '" + *r.ipv6_address_mode +
                        "' is not valid. If both attributes are set, they must be the same value");
  }
  const std::string mode = r.ipv6_address_mode.value_or(r.ipv6_ra_mode.value_or(""));
  if ((mode == "slaac" || mode == "dhcpv6-stateless") && cidr.prefix_length() != 64) {
    throw invalid_input("Invalid CIDR " + cidr.str() +
                        " for IPv6 address mode. OpenStack uses the EUI-64 address format, which "
                        "requires the prefix to be /64");
  }
}

}  // namespace

/// True when addresses of the subnet come from SLAAC (EUI-64 of the MAC) rather than the pools.
bool is_auto_address_subnet(const Subnet& s) {
  const std::string mode = s.ipv6_address_mode.value_or(s.ipv6_ra_mode.value_or(""));
  return s.ip_version == 6 && (mode == "slaac" || mode == "dhcpv6-stateless");
}

Subnet NetworkService::create_subnet(const SubnetRequest& r) {
  if (r.ip_version != 4 && r.ip_version != 6) {
    throw invalid_attribute("ip_version",
                            "'" + std::to_string(r.ip_version) + "' is not in [4, 6]");
  }
  const Cidr cidr = parse_subnet_cidr(r.cidr);
  if (cidr.version() != r.ip_version) {
    throw invalid_input("cidr '" + r.cidr + "' does not match the ip_version '" +
                        std::to_string(r.ip_version) + "'");
  }
  validate_ipv6_modes(r, cidr);
  std::optional<IpAddress> gateway;
  if (r.gateway_ip && !r.no_gateway) {
    gateway = parse_address("gateway_ip", *r.gateway_ip, r.ip_version);
    validate_gateway(config_, cidr, *gateway);
  } else if (!r.no_gateway && cidr.first() != cidr.last()) {
    gateway = cidr.first().plus(1);
  }
  std::vector<AddressRange> pools;
  if (r.allocation_pools) {
    pools = requested_pools(*r.allocation_pools, cidr);
    if (gateway) check_gateway_outside_pools(*gateway, pools);
  } else {
    pools = default_pools(cidr, gateway);
  }
  const auto nameservers = validated_nameservers(r.dns_nameservers);
  const auto routes = validated_host_routes(r.host_routes, r.ip_version);

  store::Savepoint tx(db_);
  quota_.check(r.project_id, "subnet");
  const Network network = load_network(r.network_id);
  if (network.project_id != r.project_id) throw network_not_found(r.network_id);
  for (const std::string& other_id : network.subnets) {
    const Subnet other = get_subnet(other_id);
    if (Cidr::parse(other.cidr)->overlaps(cidr)) {
      throw invalid_input("Requested subnet with cidr: " + cidr.str() +
                          " for network: " + network.id + " overlaps with another subnet");
    }
  }
  const NewId id = next_id();
  db_.cached(
         "INSERT INTO network_subnets VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
         "?13)")
      .bind_all(id.id, id.seq, r.name, r.project_id, r.network_id, r.ip_version, cidr.str(),
                gateway ? std::optional<std::string>(gateway->str()) : std::nullopt,
                r.enable_dhcp.value_or(true), to_json_text(nameservers), to_json_text(routes),
                r.ipv6_ra_mode, r.ipv6_address_mode)
      .execute();
  ipam_.set_pools(id.id, pools);
  refresh_dhcp_port(network.id);
  Subnet s = get_subnet(id.id);
  tx.commit();
  return s;
}

Subnet NetworkService::get_subnet(const std::string& id) {
  store::Statement& s = db_.cached(std::string(subnet_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    throw subnet_not_found(id);
  }
  Subnet n = read_subnet(s);
  s.reset();
  for (const AddressRange& r : ipam_.pools(id))
    n.allocation_pools.push_back({r.first.str(), r.last.str()});
  return n;
}

std::vector<Subnet> NetworkService::list_subnets(const std::optional<std::string>& network_id) {
  store::Statement& s =
      db_.cached("SELECT id FROM network_subnets WHERE ?1 IS NULL OR network_id = ?1 ORDER BY seq");
  s.bind(1, network_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<Subnet> out;
  for (const std::string& id : ids)
    out.push_back(get_subnet(id));
  return out;
}

Subnet NetworkService::update_subnet(const std::string& id, const SubnetUpdate& update) {
  store::Savepoint tx(db_);
  Subnet s = get_subnet(id);
  const Cidr cidr = *Cidr::parse(s.cidr);
  std::optional<std::string> gateway = s.gateway_ip;
  if (update.no_gateway) {
    gateway.reset();
  } else if (update.gateway_ip) {
    const IpAddress ip = parse_address("gateway_ip", *update.gateway_ip, s.ip_version);
    validate_gateway(config_, cidr, ip);
    check_gateway_outside_pools(ip, ipam_.pools(id));
    if (ipam_.in_use(id, ip) && (!s.gateway_ip || ip.str() != *s.gateway_ip)) {
      throw ip_address_in_use(s.network_id, ip.str());
    }
    gateway = ip.str();
  }
  const auto nameservers =
      update.dns_nameservers ? validated_nameservers(*update.dns_nameservers) : s.dns_nameservers;
  const auto routes =
      update.host_routes ? validated_host_routes(*update.host_routes, s.ip_version) : s.host_routes;
  db_.cached(
         "UPDATE network_subnets SET name = ?2, gateway_ip = ?3, enable_dhcp = ?4, "
         "dns_nameservers = ?5, host_routes = ?6 WHERE id = ?1")
      .bind_all(id, update.name.value_or(s.name), gateway,
                update.enable_dhcp.value_or(s.enable_dhcp), to_json_text(nameservers),
                to_json_text(routes))
      .execute();
  refresh_dhcp_port(s.network_id);
  s = get_subnet(id);
  tx.commit();
  return s;
}

void NetworkService::delete_subnet(const std::string& id) {
  store::Savepoint tx(db_);
  const Subnet s = get_subnet(id);
  store::Statement& q = db_.cached(
      "SELECT 1 FROM network_ip_allocations a JOIN network_ports p ON p.id = a.port_id "
      "WHERE a.subnet_id = ?1 AND p.device_owner != ?2 LIMIT 1");
  q.bind(1, id).bind(2, owner_dhcp);
  const bool in_use = q.step();
  q.reset();
  if (in_use) {
    throw conflict("SubnetInUse", "Unable to complete operation on subnet " + id +
                                      ": One or more ports have an IP allocation from this "
                                      "subnet.");
  }
  db_.cached("DELETE FROM network_ip_allocations WHERE subnet_id = ?1").bind(1, id).execute();
  db_.cached("DELETE FROM network_subnets WHERE id = ?1").bind(1, id).execute();
  refresh_dhcp_port(s.network_id);
  tx.commit();
}

void NetworkService::refresh_dhcp_port(const std::string& network_id) {
  std::vector<std::string> wanted;
  for (const Subnet& s : list_subnets(network_id))
    if (s.enable_dhcp) wanted.push_back(s.id);
  const std::vector<Port> existing =
      list_ports({.network_id = network_id, .device_owner = owner_dhcp});
  if (wanted.empty()) {
    for (const Port& p : existing)
      delete_port_unlocked(p.id);
    return;
  }
  if (existing.empty()) {
    const Network network = load_network(network_id);
    PortRequest request;
    request.project_id = network.project_id;
    request.network_id = network_id;
    request.device_owner = owner_dhcp;
    // Neutron's DHCP agent names its port's device "dhcp<uuid5(host)>-<network id>".
    request.device_id = "dhcp" +
                        runtime::Uuid::at(runtime::fnv1a64(config_.network_node), 0).str() + "-" +
                        network_id;
    request.binding_host_id = config_.network_node;
    std::vector<FixedIpRequest> ips;
    for (const std::string& subnet_id : wanted)
      ips.push_back({subnet_id, std::nullopt});
    request.fixed_ips = ips;
    create_port_unlocked(request, false);
    return;
  }
  const Port& dhcp = existing.front();
  for (const FixedIp& ip : dhcp.fixed_ips) {
    if (std::find(wanted.begin(), wanted.end(), ip.subnet_id) == wanted.end())
      ipam_.release(ip.subnet_id, *IpAddress::parse(ip.ip_address));
  }
  std::vector<FixedIpRequest> missing;
  for (const std::string& subnet_id : wanted) {
    const bool has = std::any_of(dhcp.fixed_ips.begin(), dhcp.fixed_ips.end(),
                                 [&](const FixedIp& f) { return f.subnet_id == subnet_id; });
    if (!has) missing.push_back({subnet_id, std::nullopt});
  }
  if (!missing.empty()) allocate_fixed_ips(dhcp, load_network(network_id), missing);
}

}  // namespace stacksim::network
