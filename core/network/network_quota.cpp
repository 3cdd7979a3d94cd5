#include "core/network/network_quota.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "core/network/network_error.hpp"
#include "core/network/resources.hpp"

namespace stacksim::network {
namespace {

// The SQL that counts one resource of a project (fixed text per resource, never built from input).
const char* usage_query(const std::string& resource) {
  static const std::map<std::string, const char*> queries = {
      {"network", "SELECT COUNT(*) FROM network_networks WHERE project_id = ?1"},
      {"subnet", "SELECT COUNT(*) FROM network_subnets WHERE project_id = ?1"},
      {"port", "SELECT COUNT(*) FROM network_ports WHERE project_id = ?1"},
      {"router", "SELECT COUNT(*) FROM network_routers WHERE project_id = ?1"},
      {"floatingip", "SELECT COUNT(*) FROM network_floating_ips WHERE project_id = ?1"},
      {"security_group", "SELECT COUNT(*) FROM network_security_groups WHERE project_id = ?1"},
      {"security_group_rule",
       "SELECT COUNT(*) FROM network_security_group_rules WHERE project_id = ?1"},
  };
  const auto it = queries.find(resource);
  if (it == queries.end()) throw std::invalid_argument("unknown quota resource '" + resource + "'");
  return it->second;
}

}  // namespace

std::int64_t NetworkQuota::limit(const std::string& project_id, const std::string& resource) {
  usage_query(resource);  // validates the name
  store::Statement& q =
      db_.cached("SELECT hard_limit FROM network_quotas WHERE project_id = ?1 AND resource = ?2");
  q.bind(1, project_id).bind(2, resource);
  std::optional<std::int64_t> value;
  if (q.step()) value = q.column_int64(0);
  q.reset();
  if (value) return *value;
  const auto it = config_.default_quotas.find(resource);
  return it == config_.default_quotas.end() ? -1 : it->second;
}

void NetworkQuota::set_limit(const std::string& project_id, const std::string& resource,
                             std::int64_t limit) {
  usage_query(resource);
  if (limit < -1) {
    throw std::invalid_argument("quota limit for " + resource + " must be -1 or more, got " +
                                std::to_string(limit));
  }
  db_.cached(
         "INSERT INTO network_quotas VALUES (?1, ?2, ?3) ON CONFLICT(project_id, resource) "
         "DO UPDATE SET hard_limit = excluded.hard_limit")
      .bind_all(project_id, resource, limit)
      .execute();
}

void NetworkQuota::reset(const std::string& project_id) {
  db_.cached("DELETE FROM network_quotas WHERE project_id = ?1").bind(1, project_id).execute();
}

std::int64_t NetworkQuota::usage(const std::string& project_id, const std::string& resource) {
  store::Statement& q = db_.cached(usage_query(resource));
  q.bind(1, project_id);
  q.step();
  const std::int64_t n = q.column_int64(0);
  q.reset();
  return n;
}

std::map<std::string, std::pair<std::int64_t, std::int64_t>> NetworkQuota::details(
    const std::string& project_id) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
  for (const char* resource : quota_resources)
    out[resource] = {limit(project_id, resource), usage(project_id, resource)};
  return out;
}

void NetworkQuota::check(const std::string& project_id, const std::string& resource,
                         std::int64_t delta) {
  const std::int64_t hard = limit(project_id, resource);
  if (hard >= 0 && usage(project_id, resource) + delta > hard) throw over_quota(resource);
}

}  // namespace stacksim::network
