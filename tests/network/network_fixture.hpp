#pragma once
// Shared helpers of the networking tests: a service on an in-memory database and a way to capture
// the Neutron error a call raises.

#include <string>
#include <utility>

#include "core/network/network_service.hpp"
#include "core/runtime/service_error.hpp"
#include "core/store/database.hpp"

namespace stacksim::network::testing {

/// {type, message} of the ServiceError `call` throws, or {"", ""} when it returns normally.
template <class Call>
std::pair<std::string, std::string> error_of(Call&& call) {
  try {
    call();
  } catch (const runtime::ServiceError& e) {
    return {e.type(), e.what()};
  }
  return {"", ""};
}

struct ServiceFixture {
  explicit ServiceFixture(NetworkConfig config = {})
      : db(store::Database::open_in_memory()), service(db, std::move(config), 42) {}

  Network tenant_network(const std::string& project, const std::string& name = "net") {
    NetworkRequest r;
    r.project_id = project;
    r.name = name;
    return service.create_network(r);
  }

  Subnet subnet(const std::string& project, const std::string& network_id, const std::string& cidr,
                int ip_version = 4) {
    SubnetRequest r;
    r.project_id = project;
    r.network_id = network_id;
    r.cidr = cidr;
    r.ip_version = ip_version;
    return service.create_subnet(r);
  }

  Network external_network(const std::string& cidr = "203.0.113.0/24") {
    NetworkRequest r;
    r.project_id = "admin";
    r.name = "provider";
    r.shared = true;
    r.router_external = true;
    r.network_type = NetworkType::flat;
    r.physical_network = "provider";
    const Network n = service.create_network(r);
    SubnetRequest s;
    s.project_id = "admin";
    s.network_id = n.id;
    s.cidr = cidr;
    s.enable_dhcp = false;
    service.create_subnet(s);
    return service.get_network(n.id);
  }

  Port port(const std::string& project, const std::string& network_id,
            const std::string& host = "") {
    PortRequest r;
    r.project_id = project;
    r.network_id = network_id;
    r.binding_host_id = host;
    return service.create_port(r);
  }

  store::Database db;
  NetworkService service;
};

}  // namespace stacksim::network::testing
