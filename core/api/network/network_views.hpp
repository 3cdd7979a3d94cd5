#pragma once
// Neutron's resource bodies: each resource with the attribute names of the Networking API v2.0
// (tenant_id alongside project_id, the provider and binding attributes only for admins, as
// Neutron's default policy shows them).

#include <nlohmann/json.hpp>

#include "core/network/resources.hpp"

namespace stacksim::api::neutron_views {

nlohmann::json network(const network::Network& n, bool admin);
nlohmann::json subnet(const network::Subnet& s);
nlohmann::json port(const network::Port& p, bool admin);
nlohmann::json router(const network::Router& r);
nlohmann::json router_interface(const network::RouterInterface& i);
nlohmann::json floating_ip(const network::FloatingIp& f);
nlohmann::json security_group(const network::SecurityGroup& g);
nlohmann::json security_group_rule(const network::SecurityGroupRule& r);

}  // namespace stacksim::api::neutron_views
