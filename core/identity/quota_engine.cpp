#include "core/identity/quota_engine.hpp"

#include <algorithm>

#include "core/identity/identity_schema.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::identity {

QuotaDeltas QuotaEngine::builtin_defaults() {
  return {{"instances", 10}, {"cores", 20},       {"ram", 51200},
          {"volumes", 10},   {"gigabytes", 1000}, {"snapshots", 10},
          {"networks", 100}, {"ports", 500},      {"floating_ips", 50}};
}

QuotaEngine::QuotaEngine(store::Database& db, const runtime::Executor& clock, std::uint64_t id_seed,
                         runtime::Duration reservation_expire)
    : db_((ensure_identity_schema(db), db)),
      clock_(clock),
      id_seed_(id_seed),
      ids_(db, "identity.quota_reservations"),
      reservation_expire_(reservation_expire) {
}

void QuotaEngine::check_resource(const std::string& resource) const {
  if (std::find(quota_resources.begin(), quota_resources.end(), resource) ==
      quota_resources.end()) {
    throw runtime::ServiceError("QuotaResourceUnknown", 404,
                                "Unknown quota resources ['" + resource + "'].");
  }
}

void QuotaEngine::set_default(const std::string& resource, std::int64_t limit) {
  check_resource(resource);
  if (limit < -1) {
    throw runtime::ServiceError(
        "InvalidQuotaValue", 400,
        "Quota limit " + std::to_string(limit) + " for " + resource + " must be -1 or greater.");
  }
  db_.cached(
         "INSERT INTO identity_quota_defaults VALUES (?1, ?2) "
         "ON CONFLICT(resource) DO UPDATE SET hard_limit = excluded.hard_limit")
      .bind_all(resource, limit)
      .execute();
}

void QuotaEngine::set_limit(const std::string& project_id, const std::string& resource,
                            std::int64_t limit) {
  check_resource(resource);
  store::Savepoint tx(db_);
  const QuotaUsage current = usage(project_id, resource);
  const std::int64_t minimum = current.in_use + current.reserved;
  if (limit < -1 || (limit >= 0 && limit < minimum)) {
    throw runtime::ServiceError("InvalidQuotaValue", 400,
                                "Quota limit " + std::to_string(limit) + " for " + resource +
                                    " must be greater than or equal to already used and reserved " +
                                    std::to_string(minimum) + ".");
  }
  db_.cached(
         "INSERT INTO identity_quota_limits VALUES (?1, ?2, ?3) "
         "ON CONFLICT(project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit")
      .bind_all(project_id, resource, limit)
      .execute();
  tx.commit();
}

void QuotaEngine::clear_limits(const std::string& project_id) {
  db_.cached("DELETE FROM identity_quota_limits WHERE project_id = ?1")
      .bind(1, project_id)
      .execute();
}

QuotaUsage QuotaEngine::usage(const std::string& project_id, const std::string& resource) {
  check_resource(resource);
  QuotaUsage u;
  u.limit = builtin_defaults().at(resource);
  store::Statement& limit = db_.cached(
      "SELECT coalesce((SELECT hard_limit FROM identity_quota_limits WHERE project_id = ?1 AND "
      "resource = ?2), (SELECT hard_limit FROM identity_quota_defaults WHERE resource = ?2))");
  limit.bind(1, project_id).bind(2, resource);
  if (limit.step() && !limit.is_null(0)) u.limit = limit.column_int64(0);
  limit.reset();
  store::Statement& used = db_.cached(
      "SELECT in_use, reserved FROM identity_quota_usages WHERE project_id = ?1 AND resource = ?2");
  used.bind(1, project_id).bind(2, resource);
  if (used.step()) {
    u.in_use = used.column_int64(0);
    u.reserved = used.column_int64(1);
  }
  used.reset();
  return u;
}

std::map<std::string, QuotaUsage> QuotaEngine::quota_set(const std::string& project_id) {
  std::map<std::string, QuotaUsage> out;
  for (std::string_view r : quota_resources)
    out[std::string(r)] = usage(project_id, std::string(r));
  return out;
}

std::string QuotaEngine::reserve(const std::string& project_id, const QuotaDeltas& deltas) {
  store::Savepoint tx(db_);
  std::vector<QuotaOver> overs;
  for (const auto& [resource, delta] : deltas) {
    const QuotaUsage u = usage(project_id, resource);
    if (delta > 0 && u.limit >= 0 && u.in_use + u.reserved + delta > u.limit) {
      overs.push_back({resource, std::to_string(delta), u.in_use + u.reserved, u.limit});
    }
  }
  if (!overs.empty()) throw QuotaExceeded(std::move(overs));

  const std::string id = runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(ids_.next())).str();
  const std::int64_t expires_at = (clock_.now() + reservation_expire_).time_since_epoch().count();
  for (const auto& [resource, delta] : deltas) {
    db_.cached("INSERT INTO identity_quota_reservations VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind_all(id, project_id, resource, delta, expires_at)
        .execute();
    // Only increases are held; a decrease takes effect at commit.
    db_.cached(
           "INSERT INTO identity_quota_usages VALUES (?1, ?2, 0, ?3) "
           "ON CONFLICT(project_id, resource) DO UPDATE SET reserved = reserved + ?3")
        .bind_all(project_id, resource, std::max<std::int64_t>(delta, 0))
        .execute();
  }
  tx.commit();
  return id;
}

void QuotaEngine::settle(const std::string& reservation_id, bool apply) {
  store::Savepoint tx(db_);
  store::Statement& rows = db_.cached(
      "SELECT project_id, resource, delta FROM identity_quota_reservations WHERE id = ?1 "
      "ORDER BY resource");
  rows.bind(1, reservation_id);
  std::vector<std::tuple<std::string, std::string, std::int64_t>> items;
  while (rows.step())
    items.emplace_back(rows.column_text(0), rows.column_text(1), rows.column_int64(2));
  if (items.empty()) {
    throw runtime::ServiceError("ReservationNotFound", 404,
                                "Quota reservation " + reservation_id + " could not be found.");
  }
  for (const auto& [project, resource, delta] : items) {
    db_.cached(
           "UPDATE identity_quota_usages SET reserved = reserved - ?3, "
           "in_use = max(0, in_use + ?4) WHERE project_id = ?1 AND resource = ?2")
        .bind_all(project, resource, std::max<std::int64_t>(delta, 0),
                  apply ? delta : std::int64_t{0})
        .execute();
  }
  db_.cached("DELETE FROM identity_quota_reservations WHERE id = ?1")
      .bind(1, reservation_id)
      .execute();
  tx.commit();
}

void QuotaEngine::commit(const std::string& reservation_id) {
  settle(reservation_id, true);
}
void QuotaEngine::rollback(const std::string& reservation_id) {
  settle(reservation_id, false);
}

int QuotaEngine::expire_reservations() {
  store::Statement& s = db_.cached(
      "SELECT DISTINCT id FROM identity_quota_reservations WHERE expires_at <= ?1 ORDER BY id");
  s.bind(1, clock_.now().time_since_epoch().count());
  std::vector<std::string> expired;
  while (s.step())
    expired.push_back(s.column_text(0));
  for (const std::string& id : expired)
    rollback(id);
  return static_cast<int>(expired.size());
}

void QuotaEngine::release(const std::string& project_id, const QuotaDeltas& deltas) {
  store::Savepoint tx(db_);
  for (const auto& [resource, amount] : deltas) {
    check_resource(resource);
    db_.cached(
           "UPDATE identity_quota_usages SET in_use = max(0, in_use - ?3) "
           "WHERE project_id = ?1 AND resource = ?2")
        .bind_all(project_id, resource, amount)
        .execute();
  }
  tx.commit();
}

}  // namespace stacksim::identity
