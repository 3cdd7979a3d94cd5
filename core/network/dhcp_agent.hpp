#pragma once
// The modelled DHCP agent (Neutron's dnsmasq per network on the network node) and the metadata
// lookup the metadata agent does. An instance's DHCP exchange is a coroutine that answers after
// the configured delay (NetworkConfig::dhcp_answer_delay) on the executor it runs on, with the
// options dnsmasq would hand out; every lease is recorded per port.

#include <optional>
#include <string>
#include <vector>

#include "core/network/network_service.hpp"
#include "core/runtime/task.hpp"
#include "core/runtime/time.hpp"
#include "core/store/database.hpp"

namespace stacksim::network {

struct DhcpLease {
  std::string port_id;
  std::string ip_address;
  std::string mac_address;
  std::string hostname;  // dnsmasq's default: "host-10-0-0-3"
  runtime::TimePoint granted_at{};
  runtime::TimePoint expires_at{};
  std::string subnet_cidr;
  std::optional<std::string> router;  // option 3: the subnet's gateway
  std::vector<std::string> dns_nameservers;
  std::vector<HostRoute> host_routes;
  int mtu = 1500;  // option 26
};

class DhcpAgent {
 public:
  DhcpAgent(store::Database& db, NetworkService& service) : db_(db), service_(service) {}

  /// DISCOVER..ACK for the port: after the answer delay, one lease per address on a
  /// DHCP-enabled subnet (IPv4 and stateful DHCPv6), recorded and returned. No lease (an empty
  /// list, at once) when no DHCP server serves the port: DHCP off, or no DHCP port bound.
  /// PortNotFound for an unknown port. The agent must outlive the task.
  runtime::Task<std::vector<DhcpLease>> request(std::string port_id);
  /// The recorded leases of a port.
  [[nodiscard]] std::vector<DhcpLease> leases(const std::string& port_id);
  /// DHCPRELEASE: forgets the port's leases.
  void release(const std::string& port_id);
  /// The instance a metadata request from `ip` on `network_id` is about (the port's device), as
  /// Neutron's metadata agent resolves it; nullopt for an address no instance holds.
  [[nodiscard]] std::optional<std::string> metadata_instance(const std::string& network_id,
                                                             const std::string& ip);

 private:
  store::Database& db_;
  NetworkService& service_;
};

}  // namespace stacksim::network
