// VolumeService: the pools of the configured backends. A pool's configuration is stored; its usage
// is derived from the volumes placed on it: allocated = provisioned = the sum of their sizes, and
// free = total - allocated (what Cinder's scheduler assumes between two driver reports).

#include <variant>

#include "core/store/savepoint.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::volume {
namespace {

std::pair<std::string, std::string> encode(const CapabilityValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return {"bool", *b ? "1" : "0"};
  if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) return {"int", std::to_string(*i)};
  if (const double* d = std::get_if<double>(&value)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return {"float", buf};
  }
  if (const std::string* s = std::get_if<std::string>(&value)) return {"str", *s};
  std::string joined;
  for (const std::string& item : std::get<std::vector<std::string>>(value)) {
    joined += item;
    joined += '\n';
  }
  return {"list", joined};
}

CapabilityValue decode(const std::string& kind, const std::string& text) {
  if (kind == "bool") return text == "1";
  if (kind == "int") return std::int64_t{std::stoll(text)};
  if (kind == "float") return std::stod(text);
  if (kind == "str") return text;
  std::vector<std::string> items;
  std::size_t at = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', at)) {
    items.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return items;
}

}  // namespace

void VolumeService::register_pool(const PoolState& pool) {
  if (pool.name.empty() || pool.storage_endpoint.empty()) {
    throw std::invalid_argument("volume pool: name and storage_endpoint must not be empty");
  }
  if (pool.reserved_percentage < 0 || pool.reserved_percentage > 100) {
    throw std::invalid_argument("volume pool " + pool.name +
                                ": reserved_percentage must be in [0, 100]");
  }
  store::Savepoint tx(db_);
  db_.cached(
         "INSERT INTO volume_pools VALUES (?1, (SELECT count(*) FROM volume_pools), ?2, ?3, ?4, "
         "?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(name) DO UPDATE SET "
         "backend_name = excluded.backend_name, availability_zone = excluded.availability_zone, "
         "storage_endpoint = excluded.storage_endpoint, "
         "total_capacity_gb = excluded.total_capacity_gb, "
         "reserved_percentage = excluded.reserved_percentage, "
         "thin_provisioning_support = excluded.thin_provisioning_support, "
         "thick_provisioning_support = excluded.thick_provisioning_support, "
         "max_over_subscription_ratio = excluded.max_over_subscription_ratio, "
         "total_iops = excluded.total_iops, multiattach = excluded.multiattach")
      .bind_all(pool.name, pool.volume_backend_name, pool.availability_zone, pool.storage_endpoint,
                pool.total_capacity_gb, pool.reserved_percentage, pool.thin_provisioning_support,
                pool.thick_provisioning_support, pool.max_over_subscription_ratio, pool.total_iops,
                pool.multiattach)
      .execute();
  db_.cached("DELETE FROM volume_pool_capabilities WHERE pool = ?1").bind(1, pool.name).execute();
  for (const auto& [key, value] : pool.capabilities) {
    const auto [kind, text] = encode(value);
    db_.cached("INSERT INTO volume_pool_capabilities VALUES (?1, ?2, ?3, ?4)")
        .bind_all(pool.name, key, kind, text)
        .execute();
  }
  tx.commit();
}

std::vector<PoolState> VolumeService::pool_states() {
  store::Statement& s = db_.cached(
      "SELECT p.name, backend_name, p.availability_zone, storage_endpoint, total_capacity_gb, "
      "reserved_percentage, thin_provisioning_support, thick_provisioning_support, "
      "max_over_subscription_ratio, total_iops, p.multiattach, "
      "(SELECT coalesce(sum(size), 0) FROM volume_volumes v WHERE v.host = p.name) "
      "FROM volume_pools p ORDER BY position");
  std::vector<PoolState> pools;
  while (s.step()) {
    PoolState p;
    p.name = s.column_text(0);
    p.volume_backend_name = s.column_text(1);
    p.availability_zone = s.column_text(2);
    p.storage_endpoint = s.column_text(3);
    p.total_capacity_gb = s.column_double(4);
    p.reserved_percentage = s.column_int(5);
    p.thin_provisioning_support = s.column_int(6) != 0;
    p.thick_provisioning_support = s.column_int(7) != 0;
    p.max_over_subscription_ratio = s.column_double(8);
    p.total_iops = s.column_int64(9);
    p.multiattach = s.column_int(10) != 0;
    p.allocated_capacity_gb = static_cast<double>(s.column_int64(11));
    p.provisioned_capacity_gb = p.allocated_capacity_gb;
    p.free_capacity_gb = p.total_capacity_gb - p.allocated_capacity_gb;
    pools.push_back(std::move(p));
  }
  s.reset();
  for (PoolState& p : pools) {
    store::Statement& caps =
        db_.cached("SELECT key, kind, value FROM volume_pool_capabilities WHERE pool = ?1");
    caps.bind(1, p.name);
    while (caps.step())
      p.capabilities.emplace(caps.column_text(0), decode(caps.column_text(1), caps.column_text(2)));
    caps.reset();
  }
  return pools;
}

PoolState VolumeService::pool_state(const std::string& name) {
  for (PoolState& p : pool_states()) {
    if (p.name == name) return p;
  }
  throw std::out_of_range("unknown volume pool " + name);
}

std::vector<PoolState> VolumeService::get_pools(const identity::RequestContext& ctx) {
  identity_.policy().enforce("scheduler_extension:scheduler_stats:get_pools", ctx);
  return pool_states();
}

}  // namespace stacksim::volume
