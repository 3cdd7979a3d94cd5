#pragma once
// Nova's "addresses" of servers, from the network service: per network name, each fixed address of
// the server's ports ({"version", "addr", "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr"})
// followed by the floating addresses NATed to it ("OS-EXT-IPS:type": "floating"), in port
// creation order, as Nova's network info cache shows them. A server list loads the ports,
// networks and floating IPs once for every server (no query per server).

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/network/network_service.hpp"

namespace stacksim::api {

class ServerAddresses {
 public:
  /// The addresses of every server whose ports belong to `project_id` (every project: nullopt).
  static ServerAddresses for_project(network::NetworkService& neutron,
                                     const std::optional<std::string>& project_id);
  /// The addresses of one server.
  static ServerAddresses for_server(network::NetworkService& neutron,
                                    const std::string& instance_uuid);

  /// The server's "addresses" object ({} without ports).
  [[nodiscard]] nlohmann::json of(const std::string& instance_uuid) const;

 private:
  ServerAddresses(network::NetworkService& neutron, const std::vector<network::Port>& ports,
                  const std::optional<std::string>& project_id);

  std::map<std::string, nlohmann::json> by_server_;
};

}  // namespace stacksim::api
