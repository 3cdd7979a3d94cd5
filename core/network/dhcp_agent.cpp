#include "core/network/dhcp_agent.hpp"

#include <algorithm>

#include "core/runtime/sleep.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {
namespace {

std::string dnsmasq_hostname(std::string ip) {
  std::replace(ip.begin(), ip.end(), '.', '-');
  std::replace(ip.begin(), ip.end(), ':', '-');
  return "host-" + ip;
}

}  // namespace

runtime::Task<std::vector<DhcpLease>> DhcpAgent::request(std::string port_id) {
  const Port port = service_.get_port(port_id);
  const auto servers =
      service_.list_ports({.network_id = port.network_id, .device_owner = owner_dhcp});
  const bool served = std::any_of(servers.begin(), servers.end(),
                                  [](const Port& p) { return !p.binding_host_id.empty(); });
  std::vector<DhcpLease> out;
  if (!served) co_return out;
  co_await runtime::sleep_for(service_.config().dhcp_answer_delay);
  const runtime::TimePoint now = (co_await runtime::this_task::executor()).now();
  const Network network = service_.get_network(port.network_id);
  // The port may have changed or gone while the answer was on its way: read it again.
  const Port current = service_.get_port(port_id);
  store::Savepoint tx(db_);
  db_.cached("DELETE FROM network_dhcp_leases WHERE port_id = ?1").bind(1, port_id).execute();
  for (const FixedIp& f : current.fixed_ips) {
    const Subnet s = service_.get_subnet(f.subnet_id);
    if (!s.enable_dhcp || is_auto_address_subnet(s)) continue;
    DhcpLease lease{port_id,
                    f.ip_address,
                    current.mac_address,
                    dnsmasq_hostname(f.ip_address),
                    now,
                    now + service_.config().dhcp_lease_duration,
                    s.cidr,
                    s.gateway_ip,
                    s.dns_nameservers,
                    s.host_routes,
                    network.mtu};
    db_.cached("INSERT INTO network_dhcp_leases VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind_all(port_id, lease.ip_address, lease.mac_address, lease.hostname,
                  lease.granted_at.time_since_epoch().count(),
                  lease.expires_at.time_since_epoch().count())
        .execute();
    out.push_back(std::move(lease));
  }
  tx.commit();
  co_return out;
}

std::vector<DhcpLease> DhcpAgent::leases(const std::string& port_id) {
  store::Statement& q = db_.cached(
      "SELECT ip_address, mac_address, hostname, granted_at, expires_at FROM network_dhcp_leases "
      "WHERE port_id = ?1 ORDER BY ip_address");
  q.bind(1, port_id);
  std::vector<DhcpLease> out;
  while (q.step()) {
    DhcpLease l;
    l.port_id = port_id;
    l.ip_address = q.column_text(0);
    l.mac_address = q.column_text(1);
    l.hostname = q.column_text(2);
    l.granted_at = runtime::TimePoint(runtime::Duration(q.column_int64(3)));
    l.expires_at = runtime::TimePoint(runtime::Duration(q.column_int64(4)));
    out.push_back(std::move(l));
  }
  q.reset();
  for (DhcpLease& l : out) {
    const Port port = service_.get_port(port_id);
    for (const FixedIp& f : port.fixed_ips) {
      if (f.ip_address != l.ip_address) continue;
      const Subnet s = service_.get_subnet(f.subnet_id);
      l.subnet_cidr = s.cidr;
      l.router = s.gateway_ip;
      l.dns_nameservers = s.dns_nameservers;
      l.host_routes = s.host_routes;
      l.mtu = service_.get_network(port.network_id).mtu;
    }
  }
  return out;
}

void DhcpAgent::release(const std::string& port_id) {
  db_.cached("DELETE FROM network_dhcp_leases WHERE port_id = ?1").bind(1, port_id).execute();
}

std::optional<std::string> DhcpAgent::metadata_instance(const std::string& network_id,
                                                        const std::string& ip) {
  for (const Port& p : service_.list_ports({.network_id = network_id})) {
    if (p.device_owner.rfind(owner_compute_prefix, 0) != 0) continue;
    for (const FixedIp& f : p.fixed_ips)
      if (f.ip_address == ip) return p.device_id;
  }
  return std::nullopt;
}

}  // namespace stacksim::network
