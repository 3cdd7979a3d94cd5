#pragma once
// Neutron's Networking API v2.0 over network::NetworkService, mounted at <public_url>/networking:
// version discovery, extensions, networks, subnets, ports, routers (add/remove_router_interface,
// external gateway), floating IPs, security groups and their rules, and quotas. Bodies, status
// codes and {"NeutronError": {type, message, detail}} errors are Neutron's.
//
// Authorization follows Neutron: a resource the caller may not see is "not found" (404), one it
// sees but may not change is a 403 "(rule:<action>) is disallowed by policy". The rules are
// registered in the shared policy engine under Neutron's names (create_network, get_port, ...), so
// operators override them as in Neutron's policy.yaml. Lists honour Neutron's attribute filters
// (?name=default&project_id=...) and ?fields=.

#include <string>

#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "core/api/json_view.hpp"
#include "core/network/network_service.hpp"

namespace stacksim::api {

class NetworkApi {
 public:
  NetworkApi(ApiApplication& app, network::NetworkService& neutron);

  void add_routes(RouteTable& routes);

  static constexpr const char* prefix = "/networking";

 private:
  void add_core_routes(RouteBuilder& v2);
  void add_router_routes(RouteBuilder& v2);
  void add_floating_ip_routes(RouteBuilder& v2);
  void add_security_group_routes(RouteBuilder& v2);
  void add_quota_routes(RouteBuilder& v2);

  [[nodiscard]] bool is_admin(const ApiRequest& r) const;
  [[nodiscard]] bool allowed(const std::string& action, const ApiRequest& r,
                             const identity::PolicyTarget& target) const;
  /// 403 with Neutron's wording unless `action` allows the caller on `target`.
  void authorize(const std::string& action, const ApiRequest& r,
                 const identity::PolicyTarget& target) const;
  /// Checks "get_<kind>" (404 `hidden` if it fails), then `action` (403) when not empty.
  void authorize_visible(const std::string& kind, const std::string& action, const ApiRequest& r,
                         const identity::PolicyTarget& target,
                         const runtime::ServiceError& hidden) const;
  /// "create_<kind>:<attribute>" for every attribute present in the body (admin-only ones).
  void authorize_attributes(const std::string& action, const ApiRequest& r, const JsonView& body,
                            const identity::PolicyTarget& target,
                            std::initializer_list<const char*> attributes) const;

  [[nodiscard]] identity::PolicyTarget network_target(const network::Network& n) const;
  [[nodiscard]] identity::PolicyTarget subnet_target(const network::Subnet& s);
  [[nodiscard]] identity::PolicyTarget port_target(const network::Port& p);
  [[nodiscard]] network::Network visible_network(const ApiRequest& r, const std::string& id,
                                                 const std::string& action = {});
  [[nodiscard]] network::Subnet visible_subnet(const ApiRequest& r, const std::string& id,
                                               const std::string& action = {});
  [[nodiscard]] network::Port visible_port(const ApiRequest& r, const std::string& id,
                                           const std::string& action = {});
  [[nodiscard]] network::Router visible_router(const ApiRequest& r, const std::string& id,
                                               const std::string& action = {});
  [[nodiscard]] network::FloatingIp visible_floating_ip(const ApiRequest& r, const std::string& id,
                                                        const std::string& action = {});
  [[nodiscard]] network::SecurityGroup visible_security_group(const ApiRequest& r,
                                                              const std::string& id,
                                                              const std::string& action = {});

  /// {"<collection>": [...]} after Neutron's attribute filters and ?fields=.
  [[nodiscard]] static HttpResponse listing(const ApiRequest& r, const std::string& collection,
                                            nlohmann::json items);
  /// {"<member>": view} with ?fields= applied.
  [[nodiscard]] static HttpResponse member(const ApiRequest& r, int status,
                                           const std::string& member, nlohmann::json view);

  ApiApplication& app_;
  network::NetworkService& neutron_;
  std::string base_;  // <public_url>/networking
};

}  // namespace stacksim::api
