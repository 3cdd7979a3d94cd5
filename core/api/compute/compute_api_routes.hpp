#pragma once
// Nova's Compute API v2.1 over compute::ComputeApi, mounted at <public_url>/compute: version
// discovery, servers (create, list, detail, show, delete) and their actions (os-start, os-stop,
// reboot, resize, confirmResize, revertResize, migrate, os-migrateLive, evacuate), flavors with
// extra specs and os-flavor-access, os-keypairs, os-availability-zone and limits. Responses carry
// the microversion headers (OpenStack-API-Version, X-OpenStack-Nova-API-Version); errors are
// Nova's {"itemNotFound": {...}} bodies. Server "addresses" come from the network service when one
// is given (see server_addresses.hpp); GET /servers bodies are reused until a server record changes
// (server_list_cache.hpp).

#include <string>

#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "core/api/compute/server_addresses.hpp"
#include "core/api/compute/server_list_cache.hpp"
#include "core/compute/compute_api.hpp"
#include "core/network/network_service.hpp"

namespace stacksim::api {

class ComputeApiRoutes {
 public:
  /// `neutron`: where server addresses come from (nullptr: servers show no addresses).
  ComputeApiRoutes(ApiApplication& app, compute::ComputeApi& nova,
                   network::NetworkService* neutron = nullptr);

  void add_routes(RouteTable& routes);

  static constexpr const char* prefix = "/compute";
  /// The newest microversion served ("2.1" up to this), as Nova 26 (Zed) reports it.
  static constexpr const char* max_microversion = "2.93";

 private:
  [[nodiscard]] nlohmann::json server_view(const compute::Instance& i, bool detail,
                                           const ServerAddresses* addresses = nullptr) const;
  HttpResponse show_server(ApiRequest& r);
  [[nodiscard]] nlohmann::json flavor_view(const compute::Flavor& f, bool detail) const;
  [[nodiscard]] nlohmann::json links(const std::string& collection, const std::string& id) const;
  HttpResponse create_server(ApiRequest& r);
  HttpResponse list_servers(ApiRequest& r, bool detail);
  HttpResponse server_action(ApiRequest& r);
  HttpResponse create_flavor(ApiRequest& r);
  void add_flavor_routes(RouteBuilder& v21);
  void add_keypair_routes(RouteBuilder& v21);
  // Administration: compute_admin_routes.cpp.
  void add_server_group_routes(RouteBuilder& v21);
  void add_aggregate_routes(RouteBuilder& v21);
  void add_hypervisor_routes(RouteBuilder& v21);
  void add_service_routes(RouteBuilder& v21);
  void add_quota_routes(RouteBuilder& v21);

  ApiApplication& app_;
  compute::ComputeApi& nova_;
  network::NetworkService* neutron_;
  std::string base_;  // <public_url>/compute
  ServerListCache index_cache_;
};

/// Runs `handler` after checking the requested microversion (400/406 as Nova) and adds the
/// microversion headers Nova sends with every response.
SyncHandler versioned(SyncHandler handler);
/// The minor part of the request's compute microversion (1 when none is asked for).
int compute_microversion_minor(const ApiRequest& r);

/// Nova's server status from vm_state and task_state (nova.api.openstack.common._STATE_MAP).
std::string nova_server_status(compute::VmState vm, compute::TaskState task);

}  // namespace stacksim::api
