#include "core/api/network/network_requests.hpp"

#include <algorithm>

#include "core/network/network_error.hpp"

namespace stacksim::api::neutron_requests {
namespace {

using network::FixedIpRequest;

std::optional<int> optional_int(const JsonView& v, std::string_view key) {
  if (const std::optional<std::int64_t> n = v.optional_integer(key)) return static_cast<int>(*n);
  return std::nullopt;
}

std::optional<std::vector<FixedIpRequest>> fixed_ips(const JsonView& body) {
  std::optional<std::vector<JsonView>> items = body.optional_array("fixed_ips");
  if (!items) return std::nullopt;
  std::vector<FixedIpRequest> out;
  for (const JsonView& item : *items) {
    reject_unrecognized(item, {"subnet_id", "ip_address"});
    out.push_back({item.optional_string("subnet_id"), item.optional_string("ip_address")});
  }
  return out;
}

std::vector<network::AddressPair> address_pairs(const JsonView& body) {
  std::vector<network::AddressPair> out;
  for (const JsonView& item : body.array("allowed_address_pairs")) {
    reject_unrecognized(item, {"ip_address", "mac_address"});
    out.push_back({item.string("ip_address"), item.optional_string("mac_address").value_or("")});
  }
  return out;
}

std::optional<std::vector<std::string>> optional_strings(const JsonView& body,
                                                         std::string_view key) {
  if (!body.has(key) || body.is_null(key)) return std::nullopt;
  return body.strings(key);
}

/// Neutron takes an IP protocol by name or number, as a string or an integer.
std::optional<std::string> protocol(const JsonView& body) {
  if (!body.has("protocol") || body.is_null("protocol")) return std::nullopt;
  const nlohmann::json& p = body.json().at("protocol");
  if (p.is_number_integer()) return std::to_string(p.get<std::int64_t>());
  return body.string("protocol");
}

}  // namespace

void reject_unrecognized(const JsonView& body, std::initializer_list<std::string_view> allowed) {
  std::string unknown;
  for (const auto& [key, value] : body.json().items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      unknown += (unknown.empty() ? "" : ", ") + key;
  }
  if (!unknown.empty()) throw unrecognized(unknown);
}

runtime::ServiceError unrecognized(const std::string& names) {
  return {"HTTPBadRequest", 400, "Unrecognized attribute(s) '" + names + "'"};
}

std::string owner(const JsonView& body, const std::string& caller_project) {
  const std::optional<std::string> project = body.optional_string("project_id");
  const std::optional<std::string> tenant = body.optional_string("tenant_id");
  if (project && tenant && *project != *tenant) {
    throw runtime::ServiceError("HTTPBadRequest", 400, "'project_id' and 'tenant_id' do not match");
  }
  return project ? *project : tenant.value_or(caller_project);
}

network::NetworkRequest network_create(const JsonView& body, const std::string& caller_project) {
  reject_unrecognized(
      body, {"name", "admin_state_up", "shared", "router:external", "mtu", "provider:network_type",
             "provider:physical_network", "provider:segmentation_id", "tenant_id", "project_id"});
  network::NetworkRequest r;
  r.project_id = owner(body, caller_project);
  r.name = body.optional_string("name").value_or("");
  r.admin_state_up = body.optional_boolean("admin_state_up");
  r.shared = body.optional_boolean("shared");
  r.router_external = body.optional_boolean("router:external");
  r.mtu = optional_int(body, "mtu");
  if (const std::optional<std::string> type = body.optional_string("provider:network_type")) {
    r.network_type = network::network_type_from_string(*type);
    if (!r.network_type) {
      throw network::invalid_input("network_type value '" + *type + "' not supported");
    }
  }
  r.physical_network = body.optional_string("provider:physical_network");
  r.segmentation_id = body.optional_integer("provider:segmentation_id");
  return r;
}

network::NetworkUpdate network_update(const JsonView& body) {
  reject_unrecognized(body, {"name", "admin_state_up", "shared", "router:external", "mtu"});
  network::NetworkUpdate u;
  u.name = body.optional_string("name");
  u.admin_state_up = body.optional_boolean("admin_state_up");
  u.shared = body.optional_boolean("shared");
  u.router_external = body.optional_boolean("router:external");
  u.mtu = optional_int(body, "mtu");
  return u;
}

std::vector<network::HostRoute> host_routes(const JsonView& body, std::string_view key) {
  std::vector<network::HostRoute> out;
  for (const JsonView& item : body.array(key)) {
    reject_unrecognized(item, {"destination", "nexthop"});
    out.push_back({item.string("destination"), item.string("nexthop")});
  }
  return out;
}

network::SubnetRequest subnet_create(const JsonView& body, const std::string& caller_project) {
  reject_unrecognized(body, {"name", "network_id", "ip_version", "cidr", "gateway_ip",
                             "allocation_pools", "enable_dhcp", "dns_nameservers", "host_routes",
                             "ipv6_ra_mode", "ipv6_address_mode", "tenant_id", "project_id"});
  network::SubnetRequest r;
  r.project_id = owner(body, caller_project);
  r.network_id = body.string("network_id");
  r.name = body.optional_string("name").value_or("");
  r.ip_version = static_cast<int>(body.integer("ip_version"));
  r.cidr = body.string("cidr");
  r.no_gateway = body.is_null("gateway_ip");
  r.gateway_ip = body.optional_string("gateway_ip");
  if (std::optional<std::vector<JsonView>> pools = body.optional_array("allocation_pools")) {
    r.allocation_pools.emplace();
    for (const JsonView& p : *pools) {
      reject_unrecognized(p, {"start", "end"});
      r.allocation_pools->push_back({p.string("start"), p.string("end")});
    }
  }
  r.enable_dhcp = body.optional_boolean("enable_dhcp");
  r.dns_nameservers = optional_strings(body, "dns_nameservers").value_or(std::vector<std::string>{});
  if (body.has("host_routes")) r.host_routes = host_routes(body, "host_routes");
  r.ipv6_ra_mode = body.optional_string("ipv6_ra_mode");
  r.ipv6_address_mode = body.optional_string("ipv6_address_mode");
  return r;
}

network::SubnetUpdate subnet_update(const JsonView& body) {
  reject_unrecognized(body,
                      {"name", "gateway_ip", "enable_dhcp", "dns_nameservers", "host_routes"});
  network::SubnetUpdate u;
  u.name = body.optional_string("name");
  u.no_gateway = body.is_null("gateway_ip");
  u.gateway_ip = body.optional_string("gateway_ip");
  u.enable_dhcp = body.optional_boolean("enable_dhcp");
  u.dns_nameservers = optional_strings(body, "dns_nameservers");
  if (body.has("host_routes")) u.host_routes = host_routes(body, "host_routes");
  return u;
}

network::PortRequest port_create(const JsonView& body, const std::string& caller_project) {
  reject_unrecognized(
      body, {"name", "network_id", "mac_address", "fixed_ips", "device_owner", "device_id",
             "binding:host_id", "security_groups", "allowed_address_pairs", "port_security_enabled",
             "admin_state_up", "tenant_id", "project_id"});
  network::PortRequest r;
  r.project_id = owner(body, caller_project);
  r.network_id = body.string("network_id");
  r.name = body.optional_string("name").value_or("");
  r.mac_address = body.optional_string("mac_address");
  r.fixed_ips = fixed_ips(body);
  r.device_owner = body.optional_string("device_owner").value_or("");
  r.device_id = body.optional_string("device_id").value_or("");
  r.binding_host_id = body.optional_string("binding:host_id").value_or("");
  r.security_groups = optional_strings(body, "security_groups");
  if (body.has("allowed_address_pairs")) r.allowed_address_pairs = address_pairs(body);
  r.port_security_enabled = body.optional_boolean("port_security_enabled");
  r.admin_state_up = body.optional_boolean("admin_state_up");
  return r;
}

network::PortUpdate port_update(const JsonView& body) {
  reject_unrecognized(
      body, {"name", "admin_state_up", "fixed_ips", "device_owner", "device_id", "binding:host_id",
             "security_groups", "allowed_address_pairs", "port_security_enabled"});
  network::PortUpdate u;
  u.name = body.optional_string("name");
  u.admin_state_up = body.optional_boolean("admin_state_up");
  u.fixed_ips = fixed_ips(body);
  u.device_owner = body.optional_string("device_owner");
  u.device_id = body.optional_string("device_id");
  u.binding_host_id = body.optional_string("binding:host_id");
  u.security_groups = optional_strings(body, "security_groups");
  if (body.has("allowed_address_pairs")) u.allowed_address_pairs = address_pairs(body);
  u.port_security_enabled = body.optional_boolean("port_security_enabled");
  return u;
}

GatewayChange router_gateway(const JsonView& body) {
  GatewayChange change;
  if (!body.has("external_gateway_info")) return change;
  change.present = true;
  const std::optional<JsonView> info = body.optional_object("external_gateway_info");
  if (!info || info->json().empty()) return change;  // null or {}: clear the gateway
  reject_unrecognized(*info, {"network_id", "enable_snat", "external_fixed_ips"});
  network::ExternalGatewayInfo g;
  g.network_id = info->string("network_id");
  g.enable_snat = info->optional_boolean("enable_snat").value_or(true);
  if (std::optional<std::vector<JsonView>> ips = info->optional_array("external_fixed_ips")) {
    for (const JsonView& ip : *ips) {
      reject_unrecognized(ip, {"subnet_id", "ip_address"});
      g.external_fixed_ips.push_back({ip.optional_string("subnet_id").value_or(""),
                                      ip.optional_string("ip_address").value_or("")});
    }
  }
  change.gateway = std::move(g);
  return change;
}

network::RouterRequest router_create(const JsonView& body, const std::string& caller_project) {
  reject_unrecognized(
      body, {"name", "admin_state_up", "external_gateway_info", "tenant_id", "project_id"});
  network::RouterRequest r;
  r.project_id = owner(body, caller_project);
  r.name = body.optional_string("name").value_or("");
  r.admin_state_up = body.optional_boolean("admin_state_up");
  r.external_gateway_info = router_gateway(body).gateway;
  return r;
}

network::FloatingIpRequest floating_ip_create(const JsonView& body,
                                              const std::string& caller_project) {
  reject_unrecognized(body, {"floating_network_id", "floating_ip_address", "port_id",
                             "fixed_ip_address", "description", "tenant_id", "project_id"});
  network::FloatingIpRequest r;
  r.project_id = owner(body, caller_project);
  r.floating_network_id = body.string("floating_network_id");
  r.floating_ip_address = body.optional_string("floating_ip_address");
  r.port_id = body.optional_string("port_id");
  r.fixed_ip_address = body.optional_string("fixed_ip_address");
  r.description = body.optional_string("description").value_or("");
  return r;
}

network::SecurityGroupRuleRequest security_group_rule_create(const JsonView& body,
                                                             const std::string& caller_project) {
  reject_unrecognized(
      body, {"security_group_id", "direction", "ethertype", "protocol", "port_range_min",
             "port_range_max", "remote_ip_prefix", "remote_group_id", "tenant_id", "project_id"});
  network::SecurityGroupRuleRequest r;
  r.project_id = owner(body, caller_project);
  r.security_group_id = body.string("security_group_id");
  r.direction = body.string("direction");
  r.ethertype = body.optional_string("ethertype").value_or("IPv4");
  r.protocol = protocol(body);
  r.port_range_min = optional_int(body, "port_range_min");
  r.port_range_max = optional_int(body, "port_range_max");
  r.remote_ip_prefix = body.optional_string("remote_ip_prefix");
  r.remote_group_id = body.optional_string("remote_group_id");
  return r;
}

}  // namespace stacksim::api::neutron_requests
