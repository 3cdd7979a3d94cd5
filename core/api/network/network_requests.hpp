#pragma once
// Neutron request bodies ({"network": {...}}, {"port": {...}}, ...) read into core/network's
// request values. Unknown attributes are refused as Neutron refuses them (400 "Unrecognized
// attribute(s) 'x'"); wrong types are 400s naming the field. `project_id` is the owner the caller
// asked for (tenant_id or project_id in the body) or the caller's own project.

#include <string>

#include "core/api/json_view.hpp"
#include "core/network/network_service.hpp"

namespace stacksim::api::neutron_requests {

/// The owner a create request names (project_id or tenant_id), or `caller_project`.
std::string owner(const JsonView& body, const std::string& caller_project);

network::NetworkRequest network_create(const JsonView& body, const std::string& caller_project);
network::NetworkUpdate network_update(const JsonView& body);
network::SubnetRequest subnet_create(const JsonView& body, const std::string& caller_project);
network::SubnetUpdate subnet_update(const JsonView& body);
network::PortRequest port_create(const JsonView& body, const std::string& caller_project);
network::PortUpdate port_update(const JsonView& body);
network::RouterRequest router_create(const JsonView& body, const std::string& caller_project);
/// external_gateway_info of a router body: absent, null (clear) or a gateway.
struct GatewayChange {
  bool present = false;
  std::optional<network::ExternalGatewayInfo> gateway;
};
GatewayChange router_gateway(const JsonView& body);
network::FloatingIpRequest floating_ip_create(const JsonView& body,
                                              const std::string& caller_project);
network::SecurityGroupRuleRequest security_group_rule_create(const JsonView& body,
                                                             const std::string& caller_project);
std::vector<network::HostRoute> host_routes(const JsonView& body, std::string_view key);

/// 400 "Unrecognized attribute(s) 'a, b'".
runtime::ServiceError unrecognized(const std::string& names);
/// 400 "Unrecognized attribute(s) 'a, b'" for members not in `allowed`.
void reject_unrecognized(const JsonView& body, std::initializer_list<std::string_view> allowed);

}  // namespace stacksim::api::neutron_requests
