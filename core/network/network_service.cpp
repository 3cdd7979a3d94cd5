#include "core/network/network_service.hpp"

#include <algorithm>

#include "core/network/network_error.hpp"
#include "core/network/network_schema.hpp"
#include "core/runtime/random.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {
namespace {

constexpr const char* network_columns =
    "SELECT id, name, project_id, admin_state_up, shared, router_external, mtu, status, "
    "network_type, physical_network, segmentation_id FROM network_networks";

Network read_network(const store::Statement& s) {
  Network n;
  n.id = s.column_text(0);
  n.name = s.column_text(1);
  n.project_id = s.column_text(2);
  n.admin_state_up = s.column_int(3) != 0;
  n.shared = s.column_int(4) != 0;
  n.router_external = s.column_int(5) != 0;
  n.mtu = s.column_int(6);
  n.status = s.column_text(7);
  n.network_type = *network_type_from_string(s.column_text(8));
  n.physical_network = s.column_text(9);
  n.segmentation_id = s.column_optional_int64(10);
  return n;
}

void validate_mtu(int mtu, int max_mtu) {
  if (mtu < 68) {
    throw invalid_attribute("mtu",
                            "'" + std::to_string(mtu) + "' is too small - must be at least '68'");
  }
  if (mtu > max_mtu) {
    throw invalid_input("Requested MTU is too big, maximum is " + std::to_string(max_mtu));
  }
}

}  // namespace

bool is_virtual_port(const std::string& device_owner) {
  return device_owner == owner_router_interface || device_owner == owner_router_gateway ||
         device_owner == owner_floating_ip;
}

NetworkService::NetworkService(store::Database& db, NetworkConfig config, std::uint64_t id_seed)
    : db_((ensure_network_schema(db), db)),
      config_(std::move(config)),
      id_seed_(id_seed),
      ids_(db, "network.ids"),
      macs_(db, "network.macs"),
      quota_(db, config_),
      segments_(db, config_),
      ipam_(db) {
  const auto base = MacAddress::parse(config_.base_mac);
  if (!base)
    throw std::invalid_argument("base_mac '" + config_.base_mac + "' is not a MAC address");
  base_mac_ = *base;
}

NetworkService::NewId NetworkService::next_id() {
  const std::int64_t seq = ids_.next();
  return {runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(seq)).str(), seq};
}

MacAddress NetworkService::next_mac(const std::string& network_id) {
  // Neutron keeps base_mac's first three octets (four when the fourth is not zero) and draws the
  // rest at random, retrying on a collision within the network.
  const bool keep_four = ((base_mac_.value() >> 16) & 0xFF) != 0;
  const std::uint64_t random_mask = keep_four ? 0xFFFF : 0xFFFFFF;
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::uint64_t state =
        id_seed_ ^ runtime::fnv1a64("network.macs") ^ static_cast<std::uint64_t>(macs_.next());
    const MacAddress mac((base_mac_.value() & ~random_mask) |
                         (runtime::splitmix64(state) & random_mask));
    store::Statement& q =
        db_.cached("SELECT 1 FROM network_ports WHERE network_id = ?1 AND mac_address = ?2");
    q.bind(1, network_id).bind(2, mac.str());
    const bool taken = q.step();
    q.reset();
    if (!taken) return mac;
  }
  throw ServiceError("MacAddressGenerationFailure", 503,
                     "Unable to generate unique mac on network " + network_id + ".");
}

Network NetworkService::load_network(const std::string& id) {
  store::Statement& s = db_.cached(std::string(network_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    throw network_not_found(id);
  }
  Network n = read_network(s);
  s.reset();
  store::Statement& subnets =
      db_.cached("SELECT id FROM network_subnets WHERE network_id = ?1 ORDER BY seq");
  subnets.bind(1, id);
  while (subnets.step())
    n.subnets.push_back(subnets.column_text(0));
  subnets.reset();
  return n;
}

Network NetworkService::create_network(const NetworkRequest& request) {
  store::Savepoint tx(db_);
  quota_.check(request.project_id, "network");
  const NewId id = next_id();
  // The row exists before its segment is reserved (segment rows reference it).
  db_.cached(
         "INSERT INTO network_networks VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 'ACTIVE', '', '', "
         "NULL)")
      .bind_all(id.id, id.seq, request.name, request.project_id,
                request.admin_state_up.value_or(true), request.shared.value_or(false),
                request.router_external.value_or(false))
      .execute();
  Segment segment;
  if (request.network_type || request.physical_network || request.segmentation_id) {
    if (!request.network_type) {
      throw invalid_input("provider:network_type required");
    }
    segment = segments_.reserve_provider_segment(
        {*request.network_type, request.physical_network.value_or(""), request.segmentation_id},
        id.id);
  } else {
    if (config_.tenant_network_types.empty()) throw no_network_available();
    segment = segments_.allocate_tenant_segment(config_.tenant_network_types.front(), id.id);
  }
  const int max_mtu = network_mtu(config_, segment.network_type);
  const int mtu = request.mtu.value_or(max_mtu);
  validate_mtu(mtu, max_mtu);
  db_.cached(
         "UPDATE network_networks SET mtu = ?2, network_type = ?3, physical_network = ?4, "
         "segmentation_id = ?5 WHERE id = ?1")
      .bind_all(id.id, mtu, std::string(to_string(segment.network_type)), segment.physical_network,
                segment.segmentation_id)
      .execute();
  Network n = load_network(id.id);
  tx.commit();
  return n;
}

Network NetworkService::get_network(const std::string& id) {
  return load_network(id);
}

std::vector<Network> NetworkService::list_networks(const std::optional<std::string>& project_id) {
  store::Statement& s = db_.cached(
      std::string(network_columns) +
      " WHERE ?1 IS NULL OR project_id = ?1 OR shared = 1 OR router_external = 1 ORDER BY seq");
  s.bind(1, project_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<Network> out;
  for (const std::string& id : ids)
    out.push_back(load_network(id));
  return out;
}

Network NetworkService::update_network(const std::string& id, const NetworkUpdate& update) {
  store::Savepoint tx(db_);
  Network n = load_network(id);
  if (update.mtu) validate_mtu(*update.mtu, network_mtu(config_, n.network_type));
  if (update.router_external && !*update.router_external && n.router_external) {
    // Neutron refuses to turn off router:external while routers or floating IPs use it.
    store::Statement& q = db_.cached(
        "SELECT 1 FROM network_ports WHERE network_id = ?1 AND device_owner IN (?2, ?3)");
    q.bind(1, id).bind(2, owner_router_gateway).bind(3, owner_floating_ip);
    const bool used = q.step();
    q.reset();
    if (used) {
      throw conflict("ExternalNetworkInUse", "External network " + id +
                                                 " cannot be updated to be made non-external, "
                                                 "since it has existing gateway ports.");
    }
  }
  db_.cached(
         "UPDATE network_networks SET name = ?2, admin_state_up = ?3, shared = ?4, "
         "router_external = ?5, mtu = ?6 WHERE id = ?1")
      .bind_all(id, update.name.value_or(n.name), update.admin_state_up.value_or(n.admin_state_up),
                update.shared.value_or(n.shared),
                update.router_external.value_or(n.router_external), update.mtu.value_or(n.mtu))
      .execute();
  n = load_network(id);
  tx.commit();
  return n;
}

void NetworkService::delete_network(const std::string& id) {
  store::Savepoint tx(db_);
  load_network(id);
  store::Statement& q = db_.cached(
      "SELECT 1 FROM network_ports WHERE network_id = ?1 AND device_owner != ?2 LIMIT 1");
  q.bind(1, id).bind(2, owner_dhcp);
  const bool in_use = q.step();
  q.reset();
  if (in_use) {
    throw conflict("NetworkInUse", "Unable to complete operation on network " + id +
                                       ". There are one or more ports still in use on the "
                                       "network.");
  }
  for (const Port& p : list_ports({.network_id = id}))
    delete_port_unlocked(p.id);
  db_.cached("DELETE FROM network_subnets WHERE network_id = ?1").bind(1, id).execute();
  segments_.release(id);
  db_.cached("DELETE FROM network_networks WHERE id = ?1").bind(1, id).execute();
  tx.commit();
}

void NetworkService::add_external_neighbor(const ExternalNeighbor& neighbor) {
  store::Savepoint tx(db_);
  const Network n = load_network(neighbor.network_id);
  if (n.network_type != NetworkType::flat && n.network_type != NetworkType::vlan) {
    throw invalid_input("external neighbor on network " + n.id +
                        ": only flat and vlan networks reach devices outside OpenStack");
  }
  const auto ip = IpAddress::parse(neighbor.ip_address);
  if (!ip) {
    throw invalid_attribute("ip_address",
                            "'" + neighbor.ip_address + "' is not a valid IP address");
  }
  const auto mac = MacAddress::parse(neighbor.mac_address);
  if (!mac) {
    throw invalid_attribute("mac_address",
                            "'" + neighbor.mac_address + "' is not a valid MAC address");
  }
  db_.cached(
         "INSERT INTO network_external_neighbors VALUES (?1, ?2, ?3) ON CONFLICT(network_id, "
         "ip_address) DO UPDATE SET mac_address = excluded.mac_address")
      .bind_all(n.id, ip->str(), mac->str())
      .execute();
  tx.commit();
}

std::vector<ExternalNeighbor> NetworkService::list_external_neighbors() {
  store::Statement& q = db_.cached(
      "SELECT network_id, ip_address, mac_address FROM network_external_neighbors "
      "ORDER BY network_id, ip_address");
  std::vector<ExternalNeighbor> out;
  while (q.step())
    out.push_back({q.column_text(0), q.column_text(1), q.column_text(2)});
  q.reset();
  return out;
}

}  // namespace stacksim::network
