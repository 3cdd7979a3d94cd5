#include "core/network/network_schema.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::network {
namespace {

// Addresses are stored twice: as text (what the API shows) and as IpAddress::key() (32 hex digits
// that sort numerically), so free-address searches are ordered queries.
const std::vector<store::Migration> migrations = {
    {1, "networks, subnets, ports, IPAM, segments",
     R"sql(
CREATE TABLE network_networks (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, project_id TEXT NOT NULL,
  admin_state_up INTEGER NOT NULL, shared INTEGER NOT NULL, router_external INTEGER NOT NULL,
  mtu INTEGER NOT NULL, status TEXT NOT NULL, network_type TEXT NOT NULL,
  physical_network TEXT NOT NULL, segmentation_id INTEGER);
CREATE TABLE network_segment_allocations (
  network_type TEXT NOT NULL, physical_network TEXT NOT NULL, segmentation_id INTEGER NOT NULL,
  network_id TEXT NOT NULL REFERENCES network_networks(id) ON DELETE CASCADE,
  PRIMARY KEY (network_type, physical_network, segmentation_id));
CREATE TABLE network_subnets (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, project_id TEXT NOT NULL,
  network_id TEXT NOT NULL REFERENCES network_networks(id), ip_version INTEGER NOT NULL,
  cidr TEXT NOT NULL, gateway_ip TEXT, enable_dhcp INTEGER NOT NULL,
  dns_nameservers TEXT NOT NULL, host_routes TEXT NOT NULL, ipv6_ra_mode TEXT,
  ipv6_address_mode TEXT);
CREATE INDEX network_subnets_network ON network_subnets(network_id);
CREATE TABLE network_allocation_pools (
  subnet_id TEXT NOT NULL REFERENCES network_subnets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, first_ip TEXT NOT NULL, last_ip TEXT NOT NULL,
  first_key TEXT NOT NULL, last_key TEXT NOT NULL, PRIMARY KEY (subnet_id, position));
CREATE TABLE network_ports (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, project_id TEXT NOT NULL,
  network_id TEXT NOT NULL REFERENCES network_networks(id), mac_address TEXT NOT NULL,
  admin_state_up INTEGER NOT NULL, status TEXT NOT NULL, device_owner TEXT NOT NULL,
  device_id TEXT NOT NULL, host_id TEXT NOT NULL, vif_type TEXT NOT NULL,
  port_security_enabled INTEGER NOT NULL, allowed_address_pairs TEXT NOT NULL,
  ofport INTEGER, instance_created INTEGER NOT NULL, UNIQUE (network_id, mac_address));
CREATE INDEX network_ports_device ON network_ports(device_id);
CREATE UNIQUE INDEX network_ports_ofport ON network_ports(host_id, ofport) WHERE ofport IS NOT NULL;
CREATE TABLE network_ip_allocations (
  subnet_id TEXT NOT NULL REFERENCES network_subnets(id), ip_key TEXT NOT NULL,
  ip_address TEXT NOT NULL, network_id TEXT NOT NULL,
  port_id TEXT NOT NULL REFERENCES network_ports(id) ON DELETE CASCADE,
  PRIMARY KEY (subnet_id, ip_key));
CREATE INDEX network_ip_allocations_port ON network_ip_allocations(port_id);
CREATE TABLE network_quotas (
  project_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
  PRIMARY KEY (project_id, resource));
CREATE TABLE network_hosts (name TEXT PRIMARY KEY, idx INTEGER NOT NULL UNIQUE);
)sql"},
    {2, "security groups",
     R"sql(
CREATE TABLE network_security_groups (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL,
  project_id TEXT NOT NULL, is_default INTEGER NOT NULL);
CREATE UNIQUE INDEX network_security_groups_default ON network_security_groups(project_id)
  WHERE is_default = 1;
CREATE TABLE network_security_group_rules (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
  security_group_id TEXT NOT NULL REFERENCES network_security_groups(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL, direction TEXT NOT NULL, ethertype TEXT NOT NULL, protocol TEXT,
  port_range_min INTEGER, port_range_max INTEGER, remote_ip_prefix TEXT,
  remote_group_id TEXT REFERENCES network_security_groups(id));
CREATE TABLE network_port_security_groups (
  port_id TEXT NOT NULL REFERENCES network_ports(id) ON DELETE CASCADE,
  security_group_id TEXT NOT NULL REFERENCES network_security_groups(id),
  PRIMARY KEY (port_id, security_group_id));
)sql"},
    {3, "routers and floating IPs",
     R"sql(
CREATE TABLE network_routers (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, project_id TEXT NOT NULL,
  admin_state_up INTEGER NOT NULL, status TEXT NOT NULL, gw_network_id TEXT, gw_port_id TEXT,
  enable_snat INTEGER NOT NULL, routes TEXT NOT NULL);
CREATE TABLE network_floating_ips (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, project_id TEXT NOT NULL,
  floating_network_id TEXT NOT NULL REFERENCES network_networks(id),
  floating_port_id TEXT NOT NULL REFERENCES network_ports(id),
  floating_ip_address TEXT NOT NULL, fixed_port_id TEXT REFERENCES network_ports(id),
  fixed_ip_address TEXT, router_id TEXT REFERENCES network_routers(id), status TEXT NOT NULL,
  description TEXT NOT NULL);
CREATE TABLE network_external_neighbors (
  network_id TEXT NOT NULL REFERENCES network_networks(id) ON DELETE CASCADE,
  ip_address TEXT NOT NULL, mac_address TEXT NOT NULL, PRIMARY KEY (network_id, ip_address));
)sql"},
    {4, "DHCP leases",
     R"sql(
CREATE TABLE network_dhcp_leases (
  port_id TEXT NOT NULL REFERENCES network_ports(id) ON DELETE CASCADE,
  ip_address TEXT NOT NULL, mac_address TEXT NOT NULL, hostname TEXT NOT NULL,
  granted_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (port_id, ip_address));
)sql"},
};

}  // namespace

void ensure_network_schema(store::Database& db) {
  store::migrate(db, "network", migrations);
}

}  // namespace stacksim::network
