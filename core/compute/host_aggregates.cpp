#include "core/compute/host_aggregates.hpp"

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_schema.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::compute {
namespace {

ServiceError aggregate_not_found(std::int64_t id) {
  return {"AggregateNotFound", 404, "Aggregate " + std::to_string(id) + " could not be found."};
}

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

HostAggregates::HostAggregates(store::Database& db, const runtime::Executor& clock,
                               std::uint64_t id_seed)
    : db_((ensure_compute_schema(db), db)),
      clock_(clock),
      id_seed_(id_seed),
      ids_(db, "compute.aggregate_ids") {
}

HostAggregate HostAggregates::create(const std::string& name,
                                     std::optional<std::string> availability_zone) {
  if (name.empty() || name.size() > 255) {
    throw invalid_input("aggregate name must be 1 to 255 characters");
  }
  if (availability_zone && availability_zone->empty()) {
    throw invalid_input("availability zone must not be empty");
  }
  store::Savepoint tx(db_);
  store::Statement& dup = db_.cached("SELECT 1 FROM compute_aggregates WHERE name = ?1");
  dup.bind(1, name);
  const bool exists = dup.step();
  dup.reset();
  if (exists)
    throw ServiceError("AggregateNameExists", 409, "Aggregate " + name + " already exists.");
  const std::string uuid =
      runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(ids_.next())).str();
  db_.cached("INSERT INTO compute_aggregates(uuid, name, created_at) VALUES (?1, ?2, ?3)")
      .bind_all(uuid, name, clock_.now().time_since_epoch().count())
      .execute();
  const std::int64_t id = db_.last_insert_rowid();
  if (availability_zone) {
    db_.cached("INSERT INTO compute_aggregate_metadata VALUES (?1, 'availability_zone', ?2)")
        .bind_all(id, *availability_zone)
        .execute();
  }
  tx.commit();
  return get(id);
}

HostAggregate HostAggregates::get(std::int64_t id) {
  store::Statement& s = db_.cached("SELECT uuid, name FROM compute_aggregates WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw aggregate_not_found(id);
  HostAggregate a{id, s.column_text(0), s.column_text(1), {}, {}};
  s.reset();
  store::Statement& meta =
      db_.cached("SELECT key, value FROM compute_aggregate_metadata WHERE aggregate_id = ?1");
  meta.bind(1, id);
  while (meta.step())
    a.metadata.emplace(meta.column_text(0), meta.column_text(1));
  store::Statement& hosts =
      db_.cached("SELECT host FROM compute_aggregate_hosts WHERE aggregate_id = ?1 ORDER BY host");
  hosts.bind(1, id);
  while (hosts.step())
    a.hosts.push_back(hosts.column_text(0));
  return a;
}

HostAggregate HostAggregates::find_by_name(const std::string& name) {
  store::Statement& s = db_.cached("SELECT id FROM compute_aggregates WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) {
    throw ServiceError("AggregateNotFound", 404, "Aggregate " + name + " could not be found.");
  }
  const std::int64_t id = s.column_int64(0);
  s.reset();
  return get(id);
}

std::vector<HostAggregate> HostAggregates::list() {
  store::Statement& s = db_.cached("SELECT id FROM compute_aggregates ORDER BY id");
  std::vector<std::int64_t> ids;
  while (s.step())
    ids.push_back(s.column_int64(0));
  std::vector<HostAggregate> out;
  for (std::int64_t id : ids)
    out.push_back(get(id));
  return out;
}

std::set<std::string> HostAggregates::zones_of(const std::string& host,
                                               std::optional<std::int64_t> except_aggregate) {
  std::set<std::string> zones;
  for (const HostAggregate& a : aggregates_of(host)) {
    if (except_aggregate && a.id == *except_aggregate) continue;
    if (auto az = a.availability_zone()) zones.insert(*az);
  }
  return zones;
}

HostAggregate HostAggregates::set_metadata(
    std::int64_t id, const std::map<std::string, std::optional<std::string>>& changes) {
  store::Savepoint tx(db_);
  const HostAggregate current = get(id);
  if (auto it = changes.find("availability_zone"); it != changes.end() && it->second) {
    for (const std::string& host : current.hosts) {
      std::set<std::string> others = zones_of(host, id);
      others.erase(*it->second);
      if (!others.empty()) {
        throw ServiceError("InvalidAggregateActionUpdateMeta", 400,
                           "Cannot update metadata of aggregate " + std::to_string(id) +
                               ". Reason: One or more hosts already in availability zone(s) [" +
                               join(others) + "].");
      }
    }
  }
  for (const auto& [key, value] : changes) {
    if (value) {
      db_.cached(
             "INSERT INTO compute_aggregate_metadata VALUES (?1, ?2, ?3) "
             "ON CONFLICT(aggregate_id, key) DO UPDATE SET value = excluded.value")
          .bind_all(id, key, *value)
          .execute();
    } else {
      db_.cached("DELETE FROM compute_aggregate_metadata WHERE aggregate_id = ?1 AND key = ?2")
          .bind_all(id, key)
          .execute();
    }
  }
  tx.commit();
  return get(id);
}

HostAggregate HostAggregates::add_host(std::int64_t id, const std::string& host) {
  store::Savepoint tx(db_);
  const HostAggregate a = get(id);
  for (const std::string& h : a.hosts) {
    if (h == host) {
      throw ServiceError("AggregateHostExists", 409,
                         "Aggregate " + std::to_string(id) + " already has host " + host + ".");
    }
  }
  if (auto az = a.availability_zone()) {
    std::set<std::string> others = zones_of(host, id);
    others.erase(*az);
    if (!others.empty()) {
      throw ServiceError("InvalidAggregateActionAdd", 409,
                         "Cannot add host to aggregate " + std::to_string(id) +
                             ". Reason: One or more hosts already in availability zone(s) [" +
                             join(others) + "].");
    }
  }
  db_.cached("INSERT INTO compute_aggregate_hosts VALUES (?1, ?2)").bind_all(id, host).execute();
  tx.commit();
  return get(id);
}

HostAggregate HostAggregates::remove_host(std::int64_t id, const std::string& host) {
  (void)get(id);
  store::Statement& s =
      db_.cached("DELETE FROM compute_aggregate_hosts WHERE aggregate_id = ?1 AND host = ?2");
  if (s.bind_all(id, host).execute() == 0) {
    throw ServiceError("AggregateHostNotFound", 404,
                       "Aggregate " + std::to_string(id) + " has no host " + host + ".");
  }
  return get(id);
}

void HostAggregates::remove(std::int64_t id) {
  const HostAggregate a = get(id);
  if (!a.hosts.empty()) {
    throw ServiceError(
        "InvalidAggregateActionDelete", 400,
        "Cannot remove aggregate " + std::to_string(id) + ". Reason: Host aggregate is not empty");
  }
  db_.cached("DELETE FROM compute_aggregates WHERE id = ?1").bind(1, id).execute();
}

std::vector<HostAggregate> HostAggregates::aggregates_of(const std::string& host) {
  store::Statement& s = db_.cached(
      "SELECT aggregate_id FROM compute_aggregate_hosts WHERE host = ?1 ORDER BY aggregate_id");
  s.bind(1, host);
  std::vector<std::int64_t> ids;
  while (s.step())
    ids.push_back(s.column_int64(0));
  std::vector<HostAggregate> out;
  for (std::int64_t id : ids)
    out.push_back(get(id));
  return out;
}

std::string HostAggregates::availability_zone_of(const std::string& host,
                                                 const std::string& default_zone) {
  const std::set<std::string> zones = zones_of(host, std::nullopt);
  if (zones.empty()) return default_zone;
  std::string out;
  for (const std::string& z : zones)
    out += (out.empty() ? "" : ",") + z;
  return out;
}

std::set<std::string> HostAggregates::availability_zones() {
  store::Statement& s = db_.cached(
      "SELECT DISTINCT value FROM compute_aggregate_metadata WHERE key = 'availability_zone'");
  std::set<std::string> out;
  while (s.step())
    out.insert(s.column_text(0));
  return out;
}

}  // namespace stacksim::compute
