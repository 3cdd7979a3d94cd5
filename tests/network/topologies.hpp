#pragma once
// Small topologies shared by the flow-compiler, trace and traffic tests, built through the
// service's public API the way the OpenStack install guides build their labs.

#include <string>

#include "core/network/network_service.hpp"
#include "tests/network/network_fixture.hpp"

namespace stacksim::network::testing {

/// The install guide's "self-service networks" lab: a flat provider network (external, shared,
/// 203.0.113.0/24) with an upstream router and a client outside OpenStack, a demo project with a
/// VXLAN self-service network 172.16.1.0/24 behind a router, and the controller as network node.
struct SelfServiceLab : ServiceFixture {
  SelfServiceLab() {
    provider = external_network();
    service.add_external_neighbor({provider.id, "203.0.113.1", "52:54:00:00:00:01"});
    service.add_external_neighbor({provider.id, "203.0.113.10", "52:54:00:00:00:0a"});
    selfservice = tenant_network("demo", "selfservice");
    SubnetRequest s;
    s.project_id = "demo";
    s.network_id = selfservice.id;
    s.cidr = "172.16.1.0/24";
    s.dns_nameservers = {"8.8.4.4"};
    selfservice_subnet = service.create_subnet(s);
    router =
        service.create_router({"demo", "router", {}, ExternalGatewayInfo{provider.id, true, {}}});
    service.add_router_interface_subnet(router.id, selfservice_subnet.id);
    router = service.get_router(router.id);
  }

  /// Boots an instance on the self-service network (or `network_id`) on `host`.
  Port boot(const std::string& instance, const std::string& host, std::string network_id = "",
            const std::string& project = "demo") {
    if (network_id.empty()) network_id = selfservice.id;
    return service.allocate_for_instance(project, instance, {{network_id, "", ""}}, host).at(0);
  }

  /// Opens a port of the project's default group to tcp/22 or icmp from anywhere.
  void allow(const std::string& project, const std::string& protocol,
             std::optional<int> port = {}) {
    SecurityGroupRuleRequest r;
    r.project_id = project;
    r.security_group_id = service.ensure_default_security_group(project).id;
    r.direction = "ingress";
    r.protocol = protocol;
    r.port_range_min = port;
    r.port_range_max = port;
    r.remote_ip_prefix = "0.0.0.0/0";
    service.create_security_group_rule(r);
  }

  Network provider;
  Network selfservice;
  Subnet selfservice_subnet;
  Router router;
};

}  // namespace stacksim::network::testing
