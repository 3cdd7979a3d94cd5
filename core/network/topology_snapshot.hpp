#pragma once
// A consistent copy of the logical networking state that the flow compiler, the packet tracer and
// the tenant-traffic planner read: plain values with lookups by id, no database access.

#include <map>
#include <string>
#include <vector>

#include "core/network/network_config.hpp"
#include "core/network/network_service.hpp"
#include "core/network/resources.hpp"

namespace stacksim::network {

struct TopologySnapshot {
  NetworkConfig config;
  std::vector<Network> networks;  // creation order
  std::vector<Subnet> subnets;    // creation order
  std::vector<Port> ports;        // creation order
  std::vector<Router> routers;    // creation order
  std::vector<FloatingIp> floating_ips;
  std::vector<SecurityGroup> security_groups;
  std::vector<ExternalNeighbor> external_neighbors;
  std::map<std::string, int> ofports;       // bound VM and DHCP ports
  std::map<std::string, int> host_indices;  // every host that ever had a binding

  /// Lookups by id; std::out_of_range naming the id when absent.
  [[nodiscard]] const Network& network(const std::string& id) const;
  [[nodiscard]] const Subnet& subnet(const std::string& id) const;
  [[nodiscard]] const Port& port(const std::string& id) const;
  [[nodiscard]] const Router& router(const std::string& id) const;
  [[nodiscard]] const SecurityGroup& security_group(const std::string& id) const;

  /// Ports bound to `host`, in creation order.
  [[nodiscard]] std::vector<const Port*> ports_on_host(const std::string& host) const;
  /// Hosts with a bound port on the network, sorted.
  [[nodiscard]] std::vector<std::string> hosts_for_network(const std::string& network_id) const;
  /// Every host with a bound port, sorted.
  [[nodiscard]] std::vector<std::string> hosts() const;
  /// The router interface ports of a router.
  [[nodiscard]] std::vector<const Port*> router_interfaces(const std::string& router_id) const;
  /// Whether traffic of a port passes the security-group firewall.
  [[nodiscard]] bool firewalled(const Port& port) const;
  /// A port is up when it and its network are administratively up.
  [[nodiscard]] bool port_up(const Port& port) const;

  void index();  // rebuilds the lookups after the vectors change

 private:
  std::map<std::string, std::size_t> network_index_;
  std::map<std::string, std::size_t> subnet_index_;
  std::map<std::string, std::size_t> port_index_;
  std::map<std::string, std::size_t> router_index_;
  std::map<std::string, std::size_t> group_index_;
};

/// Reads the whole state of `service`.
[[nodiscard]] TopologySnapshot take_snapshot(NetworkService& service);

}  // namespace stacksim::network
