#pragma once
// Neutron's resources as values, with the attribute names and defaults of the Networking API
// (networks with the provider and external-net extensions, subnets, ports with port binding,
// port security and allowed address pairs, routers, floating IPs, security groups).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stacksim::network {

/// provider:network_type.
enum class NetworkType { flat, vlan, vxlan, gre };
[[nodiscard]] const char* to_string(NetworkType type) noexcept;
/// nullopt for an unknown type name.
[[nodiscard]] std::optional<NetworkType> network_type_from_string(const std::string& name);
/// Overlay types carry their traffic in tunnels between hosts (br-tun); the others on a physical
/// network bridged to the host (br-ex and friends).
[[nodiscard]] constexpr bool is_tunnelled(NetworkType type) noexcept {
  return type == NetworkType::vxlan || type == NetworkType::gre;
}

// device_owner values Neutron itself uses.
inline constexpr const char* owner_dhcp = "network:dhcp";
inline constexpr const char* owner_router_interface = "network:router_interface";
inline constexpr const char* owner_router_gateway = "network:router_gateway";
inline constexpr const char* owner_floating_ip = "network:floatingip";
inline constexpr const char* owner_compute_prefix = "compute:";

struct Network {
  std::string id;
  std::string name;
  std::string project_id;
  bool admin_state_up = true;
  bool shared = false;
  bool router_external = false;  // router:external
  int mtu = 1500;
  std::string status = "ACTIVE";
  NetworkType network_type = NetworkType::vxlan;  // provider:network_type
  std::string physical_network;                   // provider:physical_network (flat, vlan)
  std::optional<std::int64_t> segmentation_id;    // provider:segmentation_id (vlan, vxlan, gre)
  std::vector<std::string> subnets;               // ids, in creation order
};

struct NetworkRequest {
  std::string project_id;
  std::string name;
  std::optional<bool> admin_state_up;
  std::optional<bool> shared;
  std::optional<bool> router_external;
  std::optional<int> mtu;
  // Provider attributes: unset means a tenant network of the first tenant_network_types entry.
  std::optional<NetworkType> network_type;
  std::optional<std::string> physical_network;
  std::optional<std::int64_t> segmentation_id;
};

struct NetworkUpdate {
  std::optional<std::string> name;
  std::optional<bool> admin_state_up;
  std::optional<bool> shared;
  std::optional<bool> router_external;
  std::optional<int> mtu;
};

/// An inclusive address range, as Neutron writes it: {"start": ..., "end": ...}.
struct AllocationPool {
  std::string start;
  std::string end;
  friend bool operator==(const AllocationPool&, const AllocationPool&) = default;
};

struct HostRoute {
  std::string destination;  // CIDR
  std::string nexthop;      // address
  friend bool operator==(const HostRoute&, const HostRoute&) = default;
};

struct Subnet {
  std::string id;
  std::string name;
  std::string project_id;
  std::string network_id;
  int ip_version = 4;
  std::string cidr;
  std::optional<std::string> gateway_ip;  // nullopt: no gateway
  std::vector<AllocationPool> allocation_pools;
  bool enable_dhcp = true;
  std::vector<std::string> dns_nameservers;
  std::vector<HostRoute> host_routes;
  std::optional<std::string> ipv6_ra_mode;       // slaac, dhcpv6-stateful, dhcpv6-stateless
  std::optional<std::string> ipv6_address_mode;  // same values
};

struct SubnetRequest {
  std::string project_id;
  std::string network_id;
  std::string name;
  int ip_version = 4;
  std::string cidr;
  std::optional<std::string> gateway_ip;  // unset: the first address of the CIDR
  bool no_gateway = false;                // "gateway_ip": null
  std::optional<std::vector<AllocationPool>> allocation_pools;  // unset: the CIDR minus gateway
  std::optional<bool> enable_dhcp;
  std::vector<std::string> dns_nameservers;
  std::vector<HostRoute> host_routes;
  std::optional<std::string> ipv6_ra_mode;
  std::optional<std::string> ipv6_address_mode;
};

struct SubnetUpdate {
  std::optional<std::string> name;
  std::optional<std::string> gateway_ip;
  bool no_gateway = false;
  std::optional<bool> enable_dhcp;
  std::optional<std::vector<std::string>> dns_nameservers;
  std::optional<std::vector<HostRoute>> host_routes;
};

struct FixedIp {
  std::string subnet_id;
  std::string ip_address;
  friend bool operator==(const FixedIp&, const FixedIp&) = default;
};

/// A requested fixed IP: a subnet (any free address), an address (its subnet is found), or both.
struct FixedIpRequest {
  std::optional<std::string> subnet_id;
  std::optional<std::string> ip_address;
};

struct AddressPair {
  std::string ip_address;   // an address or a CIDR
  std::string mac_address;  // empty in a request: the port's own MAC
  friend bool operator==(const AddressPair&, const AddressPair&) = default;
};

struct Port {
  std::string id;
  std::string name;
  std::string project_id;
  std::string network_id;
  std::string mac_address;
  bool admin_state_up = true;
  std::string status = "DOWN";  // DOWN until bound to a host, then ACTIVE
  std::vector<FixedIp> fixed_ips;
  std::string device_owner;
  std::string device_id;
  std::string binding_host_id;               // binding:host_id
  std::string binding_vif_type = "unbound";  // binding:vif_type: unbound, ovs
  std::vector<std::string> security_groups;  // ids, sorted
  std::vector<AddressPair> allowed_address_pairs;
  bool port_security_enabled = true;
};

struct PortRequest {
  std::string project_id;
  std::string network_id;
  std::string name;
  std::optional<std::string> mac_address;
  std::optional<std::vector<FixedIpRequest>> fixed_ips;  // unset: one address per subnet (v4)
  std::string device_owner;
  std::string device_id;
  std::string binding_host_id;
  std::optional<std::vector<std::string>> security_groups;  // unset: the project's default group
  std::vector<AddressPair> allowed_address_pairs;
  std::optional<bool> port_security_enabled;  // unset: the network's setting (enabled)
  std::optional<bool> admin_state_up;
};

struct PortUpdate {
  std::optional<std::string> name;
  std::optional<bool> admin_state_up;
  std::optional<std::vector<FixedIpRequest>> fixed_ips;
  std::optional<std::string> device_owner;
  std::optional<std::string> device_id;
  std::optional<std::string> binding_host_id;
  std::optional<std::vector<std::string>> security_groups;
  std::optional<std::vector<AddressPair>> allowed_address_pairs;
  std::optional<bool> port_security_enabled;
};

struct ExternalGatewayInfo {
  std::string network_id;
  bool enable_snat = true;
  std::vector<FixedIp> external_fixed_ips;  // filled in from the gateway port
};

struct Router {
  std::string id;
  std::string name;
  std::string project_id;
  bool admin_state_up = true;
  std::string status = "ACTIVE";
  std::optional<ExternalGatewayInfo> external_gateway_info;
  std::vector<HostRoute> routes;  // static routes: destination via nexthop
  std::string gateway_port_id;    // the network:router_gateway port, if any
};

struct RouterRequest {
  std::string project_id;
  std::string name;
  std::optional<bool> admin_state_up;
  std::optional<ExternalGatewayInfo> external_gateway_info;
};

/// What add_router_interface returns, as Neutron's PUT .../add_router_interface does.
struct RouterInterface {
  std::string id;  // router id
  std::string subnet_id;
  std::string port_id;
  std::string project_id;
};

struct FloatingIp {
  std::string id;
  std::string project_id;
  std::string floating_network_id;
  std::string floating_ip_address;
  std::string port_id;           // empty: not associated
  std::string fixed_ip_address;  // empty: not associated
  std::string router_id;         // the router that does the NAT, once associated
  std::string status = "DOWN";   // ACTIVE while associated
  std::string description;
  std::string floating_port_id;  // the network:floatingip port holding the address
};

struct FloatingIpRequest {
  std::string project_id;
  std::string floating_network_id;
  std::optional<std::string> floating_ip_address;
  std::optional<std::string> port_id;
  std::optional<std::string> fixed_ip_address;
  std::string description;
};

struct SecurityGroupRule {
  std::string id;
  std::string security_group_id;
  std::string project_id;
  std::string direction = "ingress";    // ingress, egress
  std::string ethertype = "IPv4";       // IPv4, IPv6
  std::optional<std::string> protocol;  // tcp, udp, icmp, icmpv6 or a number; unset: any
  std::optional<int> port_range_min;    // ICMP: the type
  std::optional<int> port_range_max;    // ICMP: the code
  std::optional<std::string> remote_ip_prefix;
  std::optional<std::string> remote_group_id;
};

struct SecurityGroupRuleRequest {
  std::string project_id;
  std::string security_group_id;
  std::string direction;
  std::string ethertype = "IPv4";
  std::optional<std::string> protocol;
  std::optional<int> port_range_min;
  std::optional<int> port_range_max;
  std::optional<std::string> remote_ip_prefix;
  std::optional<std::string> remote_group_id;
};

struct SecurityGroup {
  std::string id;
  std::string name;
  std::string description;
  std::string project_id;
  std::vector<SecurityGroupRule> rules;
};

/// Neutron's quota resource names.
inline constexpr const char* quota_resources[] = {
    "network", "subnet", "port", "router", "floatingip", "security_group", "security_group_rule"};

}  // namespace stacksim::network
