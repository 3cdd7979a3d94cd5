#include "core/network/ipam.hpp"

#include "core/network/network_error.hpp"

namespace stacksim::network {

std::vector<AddressRange> Ipam::pools(const std::string& subnet_id) {
  store::Statement& q = db_.cached(
      "SELECT first_ip, last_ip FROM network_allocation_pools WHERE subnet_id = ?1 "
      "ORDER BY position");
  q.bind(1, subnet_id);
  std::vector<AddressRange> out;
  while (q.step()) {
    out.push_back({*IpAddress::parse(q.column_text(0)), *IpAddress::parse(q.column_text(1))});
  }
  q.reset();
  return out;
}

void Ipam::set_pools(const std::string& subnet_id, const std::vector<AddressRange>& pools) {
  db_.cached("DELETE FROM network_allocation_pools WHERE subnet_id = ?1")
      .bind(1, subnet_id)
      .execute();
  int position = 0;
  for (const AddressRange& r : pools) {
    db_.cached("INSERT INTO network_allocation_pools VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind_all(subnet_id, position++, r.first.str(), r.last.str(), r.first.key(), r.last.key())
        .execute();
  }
}

bool Ipam::in_use(const std::string& subnet_id, const IpAddress& ip) {
  store::Statement& q =
      db_.cached("SELECT 1 FROM network_ip_allocations WHERE subnet_id = ?1 AND ip_key = ?2");
  q.bind(1, subnet_id).bind(2, ip.key());
  const bool found = q.step();
  q.reset();
  return found;
}

void Ipam::allocate(const std::string& subnet_id, const std::string& network_id,
                    const IpAddress& ip, const std::string& port_id) {
  if (in_use(subnet_id, ip)) throw ip_address_in_use(network_id, ip.str());
  db_.cached("INSERT INTO network_ip_allocations VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(subnet_id, ip.key(), ip.str(), network_id, port_id)
      .execute();
}

std::optional<IpAddress> Ipam::lowest_free(const std::string& subnet_id) {
  for (const AddressRange& pool : pools(subnet_id)) {
    store::Statement& q = db_.cached(
        "SELECT ip_address FROM network_ip_allocations WHERE subnet_id = ?1 AND "
        "ip_key BETWEEN ?2 AND ?3 ORDER BY ip_key");
    q.bind(1, subnet_id).bind(2, pool.first.key()).bind(3, pool.last.key());
    IpAddress candidate = pool.first;
    bool exhausted = false;
    while (q.step()) {
      if (*IpAddress::parse(q.column_text(0)) != candidate) break;
      if (candidate == pool.last) {
        exhausted = true;
        break;
      }
      candidate = candidate.plus(1);
    }
    q.reset();
    if (!exhausted) return candidate;
  }
  return std::nullopt;
}

IpAddress Ipam::allocate_next(const std::string& subnet_id, const std::string& network_id,
                              const std::string& port_id) {
  const auto ip = lowest_free(subnet_id);
  if (!ip) throw ip_address_generation_failure(network_id);
  allocate(subnet_id, network_id, *ip, port_id);
  return *ip;
}

void Ipam::release(const std::string& subnet_id, const IpAddress& ip) {
  db_.cached("DELETE FROM network_ip_allocations WHERE subnet_id = ?1 AND ip_key = ?2")
      .bind(1, subnet_id)
      .bind(2, ip.key())
      .execute();
}

void Ipam::release_port(const std::string& port_id) {
  db_.cached("DELETE FROM network_ip_allocations WHERE port_id = ?1").bind(1, port_id).execute();
}

std::int64_t Ipam::allocated_count(const std::string& subnet_id) {
  store::Statement& q =
      db_.cached("SELECT COUNT(*) FROM network_ip_allocations WHERE subnet_id = ?1");
  q.bind(1, subnet_id);
  q.step();
  const std::int64_t n = q.column_int64(0);
  q.reset();
  return n;
}

}  // namespace stacksim::network
