#pragma once
// The networking service: Neutron's core plugin (ML2 with the OVS mechanism driver) and its L3,
// security-group, port-security, allowed-address-pairs and quota extensions over one SQLite
// database. Every method validates as Neutron does and throws runtime::ServiceError with Neutron's
// error type and message; a failed call changes nothing.
//
// Routers and DHCP ports live on the configured network node (the L3 and DHCP agent host). The flow
// compiler (flow_compiler.hpp) turns this state into per-host OpenFlow tables.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/network/ipam.hpp"
#include "core/network/mac_address.hpp"
#include "core/network/network_config.hpp"
#include "core/network/network_quota.hpp"
#include "core/network/resources.hpp"
#include "core/network/segmentation_pool.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::network {

/// Filters of list_ports; unset fields match everything.
struct PortFilter {
  std::optional<std::string> network_id{};
  std::optional<std::string> device_id{};
  std::optional<std::string> device_owner{};
  std::optional<std::string> binding_host_id{};
  std::optional<std::string> project_id{};
};

/// A port Nova asks for when it boots an instance: on a network (a new port, optionally with a
/// fixed address) or an existing port by id.
struct InstancePortRequest {
  std::string network_id;
  std::string port_id;
  std::string fixed_ip;
};

/// A device outside OpenStack on a provider or external network (the upstream router, a client),
/// known by address and MAC the way a static ARP entry is.
struct ExternalNeighbor {
  std::string network_id;
  std::string ip_address;
  std::string mac_address;
};

class NetworkService {
 public:
  /// `id_seed` seeds the deterministic ids and MAC addresses (store::Sequence "network.ids").
  NetworkService(store::Database& db, NetworkConfig config, std::uint64_t id_seed);
  // Members refer to each other (quota and pools read config_): not copyable or movable.
  NetworkService(const NetworkService&) = delete;
  NetworkService& operator=(const NetworkService&) = delete;

  [[nodiscard]] const NetworkConfig& config() const noexcept { return config_; }
  [[nodiscard]] NetworkQuota& quota() noexcept { return quota_; }

  // Networks. delete_network removes the network's subnets and DHCP port; other ports keep it in
  // use (NetworkInUse).
  Network create_network(const NetworkRequest& request);
  [[nodiscard]] Network get_network(const std::string& id);
  /// The networks a project sees (its own, shared and external ones), or all when project is unset.
  [[nodiscard]] std::vector<Network> list_networks(
      const std::optional<std::string>& project_id = std::nullopt);
  Network update_network(const std::string& id, const NetworkUpdate& update);
  void delete_network(const std::string& id);

  // Subnets. A DHCP-enabled subnet gets an address on the network's DHCP port.
  Subnet create_subnet(const SubnetRequest& request);
  [[nodiscard]] Subnet get_subnet(const std::string& id);
  [[nodiscard]] std::vector<Subnet> list_subnets(
      const std::optional<std::string>& network_id = std::nullopt);
  Subnet update_subnet(const std::string& id, const SubnetUpdate& update);
  void delete_subnet(const std::string& id);

  // Ports.
  Port create_port(const PortRequest& request);
  [[nodiscard]] Port get_port(const std::string& id);
  [[nodiscard]] std::vector<Port> list_ports(const PortFilter& filter = {});
  Port update_port(const std::string& id, const PortUpdate& update);
  void delete_port(const std::string& id);
  /// The OpenFlow port number of a port bound to a host (VM and DHCP ports), if any.
  [[nodiscard]] std::optional<int> port_ofport(const std::string& port_id);

  // Security groups. Every project has a "default" group (created on first use): egress open for
  // IPv4 and IPv6, ingress only from members of the same group.
  SecurityGroup ensure_default_security_group(const std::string& project_id);
  SecurityGroup create_security_group(const std::string& project_id, const std::string& name,
                                      const std::string& description = {});
  [[nodiscard]] SecurityGroup get_security_group(const std::string& id);
  [[nodiscard]] std::vector<SecurityGroup> list_security_groups(
      const std::optional<std::string>& project_id = std::nullopt);
  SecurityGroup update_security_group(const std::string& id, const std::optional<std::string>& name,
                                      const std::optional<std::string>& description);
  void delete_security_group(const std::string& id);
  SecurityGroupRule create_security_group_rule(const SecurityGroupRuleRequest& request);
  [[nodiscard]] SecurityGroupRule get_security_group_rule(const std::string& id);
  void delete_security_group_rule(const std::string& id);

  // Routers.
  Router create_router(const RouterRequest& request);
  [[nodiscard]] Router get_router(const std::string& id);
  [[nodiscard]] std::vector<Router> list_routers(
      const std::optional<std::string>& project_id = std::nullopt);
  Router update_router(const std::string& id, const std::optional<std::string>& name,
                       const std::optional<bool>& admin_state_up);
  /// Sets (or replaces) the external gateway: a port on the external network, SNAT on or off.
  Router set_router_gateway(const std::string& id, const ExternalGatewayInfo& gateway);
  Router clear_router_gateway(const std::string& id);
  /// Replaces the static routes (extraroute); each nexthop must be on a router interface subnet.
  Router update_router_routes(const std::string& id, const std::vector<HostRoute>& routes);
  void delete_router(const std::string& id);
  RouterInterface add_router_interface_subnet(const std::string& router_id,
                                              const std::string& subnet_id);
  RouterInterface add_router_interface_port(const std::string& router_id,
                                            const std::string& port_id);
  RouterInterface remove_router_interface_subnet(const std::string& router_id,
                                                 const std::string& subnet_id);
  RouterInterface remove_router_interface_port(const std::string& router_id,
                                               const std::string& port_id);

  // Floating IPs.
  FloatingIp create_floating_ip(const FloatingIpRequest& request);
  [[nodiscard]] FloatingIp get_floating_ip(const std::string& id);
  [[nodiscard]] std::vector<FloatingIp> list_floating_ips(
      const std::optional<std::string>& project_id = std::nullopt);
  /// Associates with a port's fixed address (the first IPv4 one unless `fixed_ip_address`): the
  /// router that connects the port's subnet to the floating network will DNAT to it.
  FloatingIp associate_floating_ip(const std::string& id, const std::string& port_id,
                                   const std::optional<std::string>& fixed_ip_address = {});
  FloatingIp disassociate_floating_ip(const std::string& id);
  void delete_floating_ip(const std::string& id);

  // External neighbours (static ARP entries for devices on physical networks).
  void add_external_neighbor(const ExternalNeighbor& neighbor);
  [[nodiscard]] std::vector<ExternalNeighbor> list_external_neighbors();

  // Instance wiring, for the compute service (what Nova's neutronv2 API does on boot and delete).
  /// Creates (or claims, for port_id requests) one port per request with DHCP-assigned addresses,
  /// owned by the instance (device_id) and bound to `host`; all or nothing.
  std::vector<Port> allocate_for_instance(const std::string& project_id,
                                          const std::string& instance_id,
                                          const std::vector<InstancePortRequest>& requests,
                                          const std::string& host,
                                          const std::vector<std::string>& security_groups = {},
                                          const std::string& availability_zone = "nova");
  /// Re-binds every port of the instance to `host` (migration, evacuation).
  std::vector<Port> bind_instance_ports(const std::string& instance_id, const std::string& host);
  /// Clears the host binding of every port of the instance (status DOWN).
  std::vector<Port> unbind_instance_ports(const std::string& instance_id);
  /// Deletes the ports allocate_for_instance created; detaches the ones it claimed by id.
  void deallocate_for_instance(const std::string& instance_id);
  [[nodiscard]] std::vector<Port> instance_ports(const std::string& instance_id);
  /// The hosts with a bound port on the network (compute hosts and the network node), sorted.
  [[nodiscard]] std::vector<std::string> hosts_for_network(const std::string& network_id);
  /// The networks with a bound port on the host, in creation order.
  [[nodiscard]] std::vector<std::string> networks_on_host(const std::string& host);
  /// Every host with a bound port, sorted.
  [[nodiscard]] std::vector<std::string> bound_hosts();
  /// The host's stable index (from 1, in order of first binding): names its tunnel ports.
  [[nodiscard]] std::optional<int> host_index(const std::string& host);
  /// Every registered host's index.
  [[nodiscard]] std::map<std::string, int> host_indices();
  /// Every bound VM or DHCP port's OpenFlow port number, by port id.
  [[nodiscard]] std::map<std::string, int> port_ofports();

 private:
  struct NewId {
    std::string id;
    std::int64_t seq;  // creation order, for stable listings
  };
  NewId next_id();
  MacAddress next_mac(const std::string& network_id);
  Network load_network(const std::string& id);
  /// `user_request`: a tenant's own call (quota and network visibility apply), not an internal one.
  Port create_port_unlocked(const PortRequest& request, bool user_request);
  void delete_port_unlocked(const std::string& id);
  void allocate_fixed_ips(const Port& port, const Network& network,
                          const std::optional<std::vector<FixedIpRequest>>& requests);
  void bind_port_unlocked(const std::string& port_id, const std::string& host);
  void unbind_port_unlocked(const std::string& port_id);
  void set_port_security_groups(const std::string& port_id, const std::vector<std::string>& ids);
  std::vector<std::string> default_port_security_groups(const std::string& project_id);
  void refresh_dhcp_port(const std::string& network_id);
  SecurityGroup ensure_default_security_group_unlocked(const std::string& project_id);
  Router load_router(const std::string& id);
  void disassociate_port_floating_ips(const std::string& port_id);
  void associate_unlocked(const std::string& id, const std::string& port_id,
                          const std::optional<std::string>& fixed_ip_address);
  std::string router_for_floating_ip(const FloatingIp& fip, const Port& port,
                                     const std::string& fixed_ip);
  std::vector<Port> router_interface_ports(const std::string& router_id);
  RouterInterface remove_router_interface(const Router& router, const Port& port,
                                          const std::string& subnet_id);
  void set_gateway_unlocked(const Router& router, const ExternalGatewayInfo& gateway);
  void clear_gateway_unlocked(const Router& router);

  store::Database& db_;
  NetworkConfig config_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
  store::Sequence macs_;
  NetworkQuota quota_;
  SegmentationPool segments_;
  Ipam ipam_;
  MacAddress base_mac_;
};

/// True when the subnet's addresses come from SLAAC (EUI-64 of the MAC), not from its pools.
[[nodiscard]] bool is_auto_address_subnet(const Subnet& subnet);

/// True for ports the flow compiler models inside the router pipeline rather than as OVS ports.
[[nodiscard]] bool is_virtual_port(const std::string& device_owner);

}  // namespace stacksim::network
