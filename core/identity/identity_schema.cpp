#include "core/identity/identity_schema.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::identity {
namespace {

const std::vector<store::Migration> migrations = {
    {1, "directory",
     R"sql(
CREATE TABLE identity_domains (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
  enabled INTEGER NOT NULL);
CREATE TABLE identity_projects (
  id TEXT PRIMARY KEY, name TEXT NOT NULL,
  domain_id TEXT NOT NULL REFERENCES identity_domains(id) ON DELETE CASCADE,
  description TEXT NOT NULL, enabled INTEGER NOT NULL, UNIQUE (domain_id, name));
CREATE TABLE identity_users (
  id TEXT PRIMARY KEY, name TEXT NOT NULL,
  domain_id TEXT NOT NULL REFERENCES identity_domains(id) ON DELETE CASCADE,
  default_project_id TEXT NOT NULL, enabled INTEGER NOT NULL, password_hash TEXT,
  UNIQUE (domain_id, name));
CREATE TABLE identity_roles (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE identity_role_assignments (
  role_id TEXT NOT NULL REFERENCES identity_roles(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES identity_users(id) ON DELETE CASCADE,
  target_type TEXT NOT NULL CHECK (target_type IN ('project', 'domain')),
  target_id TEXT NOT NULL,
  PRIMARY KEY (user_id, target_type, target_id, role_id));
CREATE INDEX identity_role_assignments_target ON identity_role_assignments(target_type, target_id);
)sql"},
    {2, "catalog",
     R"sql(
CREATE TABLE identity_regions (id TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE identity_services (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
  enabled INTEGER NOT NULL);
CREATE TABLE identity_endpoints (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES identity_services(id) ON DELETE CASCADE,
  interface TEXT NOT NULL CHECK (interface IN ('public', 'internal', 'admin')),
  region_id TEXT NOT NULL REFERENCES identity_regions(id),
  url TEXT NOT NULL, enabled INTEGER NOT NULL);
)sql"},
    {3, "tokens and revocation events",
     R"sql(
CREATE TABLE identity_tokens (
  serial INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL,
  project_id TEXT NOT NULL, domain_id TEXT NOT NULL, methods TEXT NOT NULL,
  issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, audit_id TEXT NOT NULL);
CREATE TABLE identity_revocation_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT, project_id TEXT, audit_id TEXT,
  revoked_at INTEGER NOT NULL, last_serial INTEGER NOT NULL);
)sql"},
    {4, "policy overrides",
     "CREATE TABLE identity_policy_rules (name TEXT PRIMARY KEY, rule TEXT NOT NULL);"},
    {5, "quotas",
     R"sql(
CREATE TABLE identity_quota_defaults (resource TEXT PRIMARY KEY, hard_limit INTEGER NOT NULL);
CREATE TABLE identity_quota_limits (
  project_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
  PRIMARY KEY (project_id, resource));
CREATE TABLE identity_quota_usages (
  project_id TEXT NOT NULL, resource TEXT NOT NULL, in_use INTEGER NOT NULL,
  reserved INTEGER NOT NULL, PRIMARY KEY (project_id, resource));
CREATE TABLE identity_quota_reservations (
  id TEXT NOT NULL, project_id TEXT NOT NULL, resource TEXT NOT NULL, delta INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, PRIMARY KEY (id, resource));
)sql"},
};

}  // namespace

void ensure_identity_schema(store::Database& db) {
  store::migrate(db, "identity", migrations);
}

}  // namespace stacksim::identity
