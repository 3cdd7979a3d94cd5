#include "core/api/network/network_views.hpp"

#include "core/api/responses.hpp"

namespace stacksim::api::neutron_views {
namespace {

using nlohmann::json;

template <class T>
json optional_or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

/// The attributes every project-owned Neutron resource carries.
json owned(const std::string& id, const std::string& project_id) {
  return {{"id", id},          {"tenant_id", project_id}, {"project_id", project_id},
          {"description", ""}, {"tags", json::array()},   {"revision_number", 0}};
}

json fixed_ips(const std::vector<network::FixedIp>& ips) {
  json out = json::array();
  for (const network::FixedIp& ip : ips)
    out.push_back({{"subnet_id", ip.subnet_id}, {"ip_address", ip.ip_address}});
  return out;
}

json host_routes(const std::vector<network::HostRoute>& routes) {
  json out = json::array();
  for (const network::HostRoute& r : routes)
    out.push_back({{"destination", r.destination}, {"nexthop", r.nexthop}});
  return out;
}

}  // namespace

json network(const network::Network& n, bool admin) {
  json j = owned(n.id, n.project_id);
  j["name"] = n.name;
  j["admin_state_up"] = n.admin_state_up;
  j["shared"] = n.shared;
  j["router:external"] = n.router_external;
  j["mtu"] = n.mtu;
  j["status"] = n.status;
  j["subnets"] = n.subnets;
  j["port_security_enabled"] = true;
  j["availability_zone_hints"] = json::array();
  j["availability_zones"] = json::array({"nova"});
  j["ipv4_address_scope"] = nullptr;
  j["ipv6_address_scope"] = nullptr;
  j["l2_adjacency"] = true;
  if (n.router_external) j["is_default"] = false;
  if (admin) {
    j["provider:network_type"] = to_string(n.network_type);
    j["provider:physical_network"] = string_or_null(n.physical_network);
    j["provider:segmentation_id"] = optional_or_null(n.segmentation_id);
  }
  return j;
}

json subnet(const network::Subnet& s) {
  json j = owned(s.id, s.project_id);
  j["name"] = s.name;
  j["network_id"] = s.network_id;
  j["ip_version"] = s.ip_version;
  j["cidr"] = s.cidr;
  j["gateway_ip"] = optional_or_null(s.gateway_ip);
  json pools = json::array();
  for (const network::AllocationPool& p : s.allocation_pools)
    pools.push_back({{"start", p.start}, {"end", p.end}});
  j["allocation_pools"] = std::move(pools);
  j["enable_dhcp"] = s.enable_dhcp;
  j["dns_nameservers"] = s.dns_nameservers;
  j["host_routes"] = host_routes(s.host_routes);
  j["ipv6_ra_mode"] = optional_or_null(s.ipv6_ra_mode);
  j["ipv6_address_mode"] = optional_or_null(s.ipv6_address_mode);
  j["subnetpool_id"] = nullptr;
  j["service_types"] = json::array();
  return j;
}

json port(const network::Port& p, bool admin) {
  json j = owned(p.id, p.project_id);
  j["name"] = p.name;
  j["network_id"] = p.network_id;
  j["mac_address"] = p.mac_address;
  j["admin_state_up"] = p.admin_state_up;
  j["status"] = p.status;
  j["fixed_ips"] = fixed_ips(p.fixed_ips);
  j["device_owner"] = p.device_owner;
  j["device_id"] = p.device_id;
  j["security_groups"] = p.security_groups;
  json pairs = json::array();
  for (const network::AddressPair& a : p.allowed_address_pairs)
    pairs.push_back({{"ip_address", a.ip_address}, {"mac_address", a.mac_address}});
  j["allowed_address_pairs"] = std::move(pairs);
  j["port_security_enabled"] = p.port_security_enabled;
  j["extra_dhcp_opts"] = json::array();
  j["binding:vnic_type"] = "normal";
  if (admin) {
    j["binding:host_id"] = p.binding_host_id;
    j["binding:vif_type"] = p.binding_vif_type;
    j["binding:profile"] = json::object();
    j["binding:vif_details"] = p.binding_vif_type == "ovs"
                                   ? json{{"port_filter", true}, {"ovs_hybrid_plug", false}}
                                   : json::object();
  }
  return j;
}

json router(const network::Router& r) {
  json j = owned(r.id, r.project_id);
  j["name"] = r.name;
  j["admin_state_up"] = r.admin_state_up;
  j["status"] = r.status;
  if (r.external_gateway_info) {
    j["external_gateway_info"] = {
        {"network_id", r.external_gateway_info->network_id},
        {"enable_snat", r.external_gateway_info->enable_snat},
        {"external_fixed_ips", fixed_ips(r.external_gateway_info->external_fixed_ips)}};
  } else {
    j["external_gateway_info"] = nullptr;
  }
  j["routes"] = host_routes(r.routes);
  j["availability_zone_hints"] = json::array();
  j["availability_zones"] = json::array({"nova"});
  return j;
}

json router_interface(const network::RouterInterface& i) {
  return {{"id", i.id},
          {"tenant_id", i.project_id},
          {"project_id", i.project_id},
          {"subnet_id", i.subnet_id},
          {"subnet_ids", json::array({i.subnet_id})},
          {"port_id", i.port_id},
          {"network_id", nullptr}};
}

json floating_ip(const network::FloatingIp& f) {
  json j = owned(f.id, f.project_id);
  j["floating_network_id"] = f.floating_network_id;
  j["floating_ip_address"] = f.floating_ip_address;
  j["port_id"] = string_or_null(f.port_id);
  j["fixed_ip_address"] = string_or_null(f.fixed_ip_address);
  j["router_id"] = string_or_null(f.router_id);
  j["status"] = f.status;
  j["description"] = f.description;
  return j;
}

json security_group_rule(const network::SecurityGroupRule& r) {
  json j = owned(r.id, r.project_id);
  j["security_group_id"] = r.security_group_id;
  j["direction"] = r.direction;
  j["ethertype"] = r.ethertype;
  j["protocol"] = optional_or_null(r.protocol);
  j["port_range_min"] = optional_or_null(r.port_range_min);
  j["port_range_max"] = optional_or_null(r.port_range_max);
  j["remote_ip_prefix"] = optional_or_null(r.remote_ip_prefix);
  j["remote_group_id"] = optional_or_null(r.remote_group_id);
  return j;
}

json security_group(const network::SecurityGroup& g) {
  json j = owned(g.id, g.project_id);
  j["name"] = g.name;
  j["description"] = g.description;
  j["stateful"] = true;
  json rules = json::array();
  for (const network::SecurityGroupRule& r : g.rules)
    rules.push_back(security_group_rule(r));
  j["security_group_rules"] = std::move(rules);
  return j;
}

}  // namespace stacksim::api::neutron_views
