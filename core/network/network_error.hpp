#pragma once
// Neutron's error classes (neutron_lib.exceptions and neutron's own) with their HTTP statuses and
// message texts, so callers and the REST API see exactly what Neutron would say.

#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::network {

using runtime::ServiceError;

/// 404 "<Kind> <id> could not be found." (NetworkNotFound, SubnetNotFound, PortNotFound).
inline ServiceError not_found(const std::string& type, const std::string& kind,
                              const std::string& id) {
  return {type, 404, kind + " " + id + " could not be found."};
}
inline ServiceError network_not_found(const std::string& id) {
  return not_found("NetworkNotFound", "Network", id);
}
inline ServiceError subnet_not_found(const std::string& id) {
  return not_found("SubnetNotFound", "Subnet", id);
}
inline ServiceError port_not_found(const std::string& id) {
  return not_found("PortNotFound", "Port", id);
}
// The L3 and security-group extensions word theirs differently (no final period, "does not exist").
inline ServiceError router_not_found(const std::string& id) {
  return {"RouterNotFound", 404, "Router " + id + " could not be found"};
}
inline ServiceError floating_ip_not_found(const std::string& id) {
  return {"FloatingIPNotFound", 404, "Floating IP " + id + " could not be found"};
}
inline ServiceError security_group_not_found(const std::string& id) {
  return {"SecurityGroupNotFound", 404, "Security group " + id + " does not exist"};
}
inline ServiceError security_group_rule_not_found(const std::string& id) {
  return {"SecurityGroupRuleNotFound", 404, "Security group rule " + id + " does not exist"};
}

/// 400 "Invalid input for operation: <message>."
inline ServiceError invalid_input(const std::string& message) {
  return {"InvalidInput", 400, "Invalid input for operation: " + message + "."};
}
/// 400 from the API layer's attribute validation: "Invalid input for <attribute>. Reason: ...".
inline ServiceError invalid_attribute(const std::string& attribute, const std::string& reason) {
  return {"HTTPBadRequest", 400, "Invalid input for " + attribute + ". Reason: " + reason + "."};
}
/// 400 "Bad <resource> request: <message>."
inline ServiceError bad_request(const std::string& resource, const std::string& message) {
  return {"BadRequest", 400, "Bad " + resource + " request: " + message + "."};
}
/// 409 with a class of its own (NetworkInUse, IpAddressInUse, ...).
inline ServiceError conflict(const std::string& type, const std::string& message) {
  return {type, 409, message};
}
inline ServiceError ip_address_generation_failure(const std::string& network_id) {
  return conflict("IpAddressGenerationFailure",
                  "No more IP addresses available on network " + network_id + ".");
}
inline ServiceError ip_address_in_use(const std::string& network_id, const std::string& ip) {
  return conflict("IpAddressInUse", "Unable to complete operation for network " + network_id +
                                        ". The IP address " + ip + " is in use.");
}
/// 409 "Quota exceeded for resources: ['network']." (the list is Python's repr).
inline ServiceError over_quota(const std::string& resource) {
  return conflict("OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
}
/// 503 when a segmentation pool is exhausted.
inline ServiceError no_network_available() {
  return {"NoNetworkAvailable", 503,
          "Unable to create the network. No tenant network is available for allocation."};
}

}  // namespace stacksim::network
