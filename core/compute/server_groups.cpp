#include "core/compute/server_groups.hpp"

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_schema.hpp"
#include "core/runtime/uuid.hpp"
#include "core/scheduler/server_groups.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::compute {

ServerGroups::ServerGroups(store::Database& db, const runtime::Executor& clock,
                           std::uint64_t id_seed)
    : db_((ensure_compute_schema(db), db)),
      clock_(clock),
      id_seed_(id_seed),
      ids_(db, "compute.server_group_ids") {
}

ServerGroup ServerGroups::create(const std::string& project_id, const std::string& user_id,
                                 const std::string& name, const std::string& policy,
                                 std::optional<int> max_server_per_host) {
  const std::optional<scheduler::GroupPolicy> parsed = scheduler::parse_group_policy(policy);
  if (!parsed) {
    throw ServiceError("ValidationError", 400,
                       "Invalid input for field/attribute policy. Value: " + policy + ". '" +
                           policy +
                           "' is not one of ['anti-affinity', 'affinity', 'soft-anti-affinity', "
                           "'soft-affinity']");
  }
  if (name.empty() || name.size() > 255) {
    throw invalid_input("server group name must be 1 to 255 characters");
  }
  if (max_server_per_host) {
    if (*parsed != scheduler::GroupPolicy::anti_affinity) {
      throw invalid_input("Only anti-affinity policy supports the max_server_per_host rule.");
    }
    if (*max_server_per_host < 1) {
      throw invalid_input("max_server_per_host must be >= 1 (got " +
                          std::to_string(*max_server_per_host) + ")");
    }
  }
  ServerGroup g{runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(ids_.next())).str(),
                name,
                project_id,
                user_id,
                *parsed,
                max_server_per_host,
                {}};
  db_.cached("INSERT INTO compute_server_groups VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind_all(
          g.uuid, g.name, g.project_id, g.user_id, policy,
          max_server_per_host ? std::optional<std::int64_t>(*max_server_per_host) : std::nullopt,
          clock_.now().time_since_epoch().count())
      .execute();
  return g;
}

ServerGroup ServerGroups::get(const std::string& uuid) {
  store::Statement& s = db_.cached(
      "SELECT name, project_id, user_id, policy, max_server_per_host FROM compute_server_groups "
      "WHERE uuid = ?1");
  s.bind(1, uuid);
  if (!s.step()) throw instance_group_not_found(uuid);
  ServerGroup g;
  g.uuid = uuid;
  g.name = s.column_text(0);
  g.project_id = s.column_text(1);
  g.user_id = s.column_text(2);
  g.policy = *scheduler::parse_group_policy(s.column_text(3));
  if (auto max = s.column_optional_int64(4)) g.max_server_per_host = static_cast<int>(*max);
  s.reset();
  store::Statement& members = db_.cached(
      "SELECT instance_uuid FROM compute_server_group_members WHERE group_uuid = ?1 ORDER BY "
      "rowid");
  members.bind(1, uuid);
  while (members.step())
    g.members.push_back(members.column_text(0));
  return g;
}

std::vector<ServerGroup> ServerGroups::list(std::optional<std::string> project_id) {
  store::Statement& s = db_.cached(
      "SELECT uuid FROM compute_server_groups WHERE ?1 IS NULL OR project_id = ?1 ORDER BY "
      "created_at, uuid");
  s.bind(1, project_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  std::vector<ServerGroup> out;
  for (const std::string& id : ids)
    out.push_back(get(id));
  return out;
}

void ServerGroups::remove(const std::string& uuid) {
  store::Statement& s = db_.cached("DELETE FROM compute_server_groups WHERE uuid = ?1");
  if (s.bind(1, uuid).execute() == 0) throw instance_group_not_found(uuid);
}

void ServerGroups::add_members(const std::string& uuid,
                               const std::vector<std::string>& instance_uuids) {
  store::Savepoint tx(db_);
  (void)get(uuid);
  for (const std::string& member : instance_uuids) {
    db_.cached("INSERT OR REPLACE INTO compute_server_group_members VALUES (?1, ?2)")
        .bind_all(uuid, member)
        .execute();
  }
  tx.commit();
}

void ServerGroups::remove_member(const std::string& instance_uuid) {
  db_.cached("DELETE FROM compute_server_group_members WHERE instance_uuid = ?1")
      .bind(1, instance_uuid)
      .execute();
}

}  // namespace stacksim::compute
