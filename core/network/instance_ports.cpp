// The compute service's view of networking (what Nova's neutronv2 API asks of Neutron): ports for
// an instance, their host binding, and which hosts carry which networks.

#include <algorithm>
#include <set>

#include "core/network/network_error.hpp"
#include "core/network/network_service.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {

std::vector<Port> NetworkService::allocate_for_instance(
    const std::string& project_id, const std::string& instance_id,
    const std::vector<InstancePortRequest>& requests, const std::string& host,
    const std::vector<std::string>& security_groups, const std::string& availability_zone) {
  store::Savepoint tx(db_);
  std::vector<std::string> port_ids;
  const std::string owner = std::string(owner_compute_prefix) + availability_zone;
  for (const InstancePortRequest& r : requests) {
    if (!r.port_id.empty()) {
      const Port p = get_port(r.port_id);
      if (!p.device_id.empty()) {
        throw conflict("PortInUse", "Unable to complete operation on port " + p.id +
                                        " for network " + p.network_id +
                                        ". Port already has an attached device " + p.device_id +
                                        ".");
      }
      db_.cached("UPDATE network_ports SET device_id = ?2, device_owner = ?3 WHERE id = ?1")
          .bind_all(p.id, instance_id, owner)
          .execute();
      if (!host.empty()) bind_port_unlocked(p.id, host);
      port_ids.push_back(p.id);
      continue;
    }
    PortRequest request;
    request.project_id = project_id;
    request.network_id = r.network_id;
    request.device_owner = owner;
    request.device_id = instance_id;
    request.binding_host_id = host;
    if (!r.fixed_ip.empty()) {
      request.fixed_ips = std::vector<FixedIpRequest>{{std::nullopt, r.fixed_ip}};
    }
    if (!security_groups.empty()) request.security_groups = security_groups;
    const Port p = create_port_unlocked(request, true);
    db_.cached("UPDATE network_ports SET instance_created = 1 WHERE id = ?1")
        .bind(1, p.id)
        .execute();
    port_ids.push_back(p.id);
  }
  std::vector<Port> out;
  for (const std::string& id : port_ids)
    out.push_back(get_port(id));
  tx.commit();
  return out;
}

std::vector<Port> NetworkService::instance_ports(const std::string& instance_id) {
  std::vector<Port> out;
  for (Port& p : list_ports({.device_id = instance_id}))
    if (p.device_owner.rfind(owner_compute_prefix, 0) == 0) out.push_back(std::move(p));
  return out;
}

std::vector<Port> NetworkService::bind_instance_ports(const std::string& instance_id,
                                                      const std::string& host) {
  store::Savepoint tx(db_);
  for (const Port& p : instance_ports(instance_id))
    bind_port_unlocked(p.id, host);
  std::vector<Port> out = instance_ports(instance_id);
  tx.commit();
  return out;
}

std::vector<Port> NetworkService::unbind_instance_ports(const std::string& instance_id) {
  store::Savepoint tx(db_);
  for (const Port& p : instance_ports(instance_id))
    unbind_port_unlocked(p.id);
  std::vector<Port> out = instance_ports(instance_id);
  tx.commit();
  return out;
}

void NetworkService::deallocate_for_instance(const std::string& instance_id) {
  store::Savepoint tx(db_);
  for (const Port& p : instance_ports(instance_id)) {
    store::Statement& q = db_.cached("SELECT instance_created FROM network_ports WHERE id = ?1");
    q.bind(1, p.id);
    q.step();
    const bool created = q.column_int(0) != 0;
    q.reset();
    if (created) {
      delete_port_unlocked(p.id);
    } else {
      // A port the user made keeps its addresses; Nova only detaches it.
      unbind_port_unlocked(p.id);
      db_.cached("UPDATE network_ports SET device_id = '', device_owner = '' WHERE id = ?1")
          .bind(1, p.id)
          .execute();
    }
  }
  tx.commit();
}

std::vector<std::string> NetworkService::hosts_for_network(const std::string& network_id) {
  store::Statement& q = db_.cached(
      "SELECT DISTINCT host_id FROM network_ports WHERE network_id = ?1 AND host_id != '' "
      "ORDER BY host_id");
  q.bind(1, network_id);
  std::vector<std::string> out;
  while (q.step())
    out.push_back(q.column_text(0));
  q.reset();
  return out;
}

std::vector<std::string> NetworkService::networks_on_host(const std::string& host) {
  store::Statement& q = db_.cached(
      "SELECT n.id FROM network_networks n WHERE EXISTS (SELECT 1 FROM network_ports p WHERE "
      "p.network_id = n.id AND p.host_id = ?1) ORDER BY n.seq");
  q.bind(1, host);
  std::vector<std::string> out;
  while (q.step())
    out.push_back(q.column_text(0));
  q.reset();
  return out;
}

std::vector<std::string> NetworkService::bound_hosts() {
  store::Statement& q =
      db_.cached("SELECT DISTINCT host_id FROM network_ports WHERE host_id != '' ORDER BY host_id");
  std::vector<std::string> out;
  while (q.step())
    out.push_back(q.column_text(0));
  q.reset();
  return out;
}

std::optional<int> NetworkService::host_index(const std::string& host) {
  store::Statement& q = db_.cached("SELECT idx FROM network_hosts WHERE name = ?1");
  q.bind(1, host);
  std::optional<int> out;
  if (q.step()) out = q.column_int(0);
  q.reset();
  return out;
}

std::map<std::string, int> NetworkService::host_indices() {
  store::Statement& q = db_.cached("SELECT name, idx FROM network_hosts");
  std::map<std::string, int> out;
  while (q.step())
    out[q.column_text(0)] = q.column_int(1);
  q.reset();
  return out;
}

std::map<std::string, int> NetworkService::port_ofports() {
  store::Statement& q = db_.cached("SELECT id, ofport FROM network_ports WHERE ofport IS NOT NULL");
  std::map<std::string, int> out;
  while (q.step())
    out[q.column_text(0)] = q.column_int(1);
  q.reset();
  return out;
}

}  // namespace stacksim::network
