#include "core/identity/identity_service.hpp"

#include <vector>

#include "core/identity/identity_error.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::identity {
namespace {

// Keystone's own actions; the REST layer enforces them before calling the directory or catalog.
const std::vector<PolicyDefault> identity_rules = {
    {"identity:create_domain", "rule:admin_required", "Create a domain."},
    {"identity:update_domain", "rule:admin_required", "Update a domain."},
    {"identity:delete_domain", "rule:admin_required", "Delete a domain."},
    {"identity:get_domain", "rule:admin_required or domain_id:%(domain_id)s", "Show a domain."},
    {"identity:create_project", "rule:admin_required", "Create a project."},
    {"identity:update_project", "rule:admin_required", "Update a project."},
    {"identity:delete_project", "rule:admin_required", "Delete a project."},
    {"identity:get_project", "rule:admin_required or project_id:%(project_id)s", "Show a project."},
    {"identity:list_projects", "rule:admin_required", "List projects."},
    {"identity:create_user", "rule:admin_required", "Create a user."},
    {"identity:update_user", "rule:admin_required", "Update a user."},
    {"identity:delete_user", "rule:admin_required", "Delete a user."},
    {"identity:get_user", "rule:admin_or_user", "Show a user."},
    {"identity:change_password", "rule:admin_or_user", "Change a user's password."},
    {"identity:create_role", "rule:admin_required", "Create a role."},
    {"identity:delete_role", "rule:admin_required", "Delete a role."},
    {"identity:create_grant", "rule:admin_required", "Grant a role."},
    {"identity:revoke_grant", "rule:admin_required", "Revoke a role."},
    {"identity:list_role_assignments", "rule:admin_required", "List role assignments."},
    {"identity:create_service", "rule:admin_required", "Create a catalog service."},
    {"identity:delete_service", "rule:admin_required", "Delete a catalog service."},
    {"identity:create_endpoint", "rule:admin_required", "Create an endpoint."},
    {"identity:delete_endpoint", "rule:admin_required", "Delete an endpoint."},
    {"identity:create_region", "rule:admin_required", "Create a region."},
    {"identity:list_endpoints", "@", "List endpoints."},
    {"identity:revoke_token", "rule:admin_or_user", "Revoke a token."},
    {"identity:update_quota", "rule:admin_required", "Set a project's quota limits."},
    {"identity:show_quota", "rule:admin_or_owner", "Show a project's quotas and usage."},
};

template <class F>
auto find_or_create(F&& find, auto&& create) {
  try {
    return find();
  } catch (const ServiceError& e) {
    if (e.http_status() != 404) throw;
    return create();
  }
}

}  // namespace

IdentityService::IdentityService(store::Database& db, const runtime::Executor& clock,
                                 IdentityConfig config)
    : db_(db),
      directory_(db, PasswordHasher(config.password_hash_rounds), config.id_seed),
      catalog_(db, config.id_seed ^ 0x636174616c6f67ULL),  // "catalog": a separate id stream
      tokens_(db, directory_, catalog_, clock, config.token_expiration),
      policy_(db),
      quotas_(db, clock, config.id_seed ^ 0x71756f7461ULL, config.reservation_expire) {
  policy_.register_defaults(identity_rules);
}

BootstrapResult IdentityService::bootstrap(const BootstrapOptions& o) {
  if (o.admin_password.empty()) throw missing_attribute("password", "bootstrap");
  store::Savepoint tx(db_);
  BootstrapResult r;
  r.domain = find_or_create([&] { return directory_.get_domain(default_domain_id); },
                            [&] {
                              return directory_.create_domain("Default", "The default domain", true,
                                                              default_domain_id);
                            });
  r.project = find_or_create(
      [&] { return directory_.find_project(o.admin_project, r.domain.id); },
      [&] { return directory_.create_project(o.admin_project, r.domain.id, "Bootstrap project"); });
  r.user = find_or_create([&] { return directory_.find_user(o.admin_user, r.domain.id); },
                          [&] {
                            return directory_.create_user(o.admin_user, r.domain.id,
                                                          o.admin_password, r.project.id);
                          });
  r.admin_role = find_or_create([&] { return directory_.find_role(o.admin_role); },
                                [&] { return directory_.create_role(o.admin_role); });
  r.member_role = find_or_create([&] { return directory_.find_role("member"); },
                                 [&] { return directory_.create_role("member"); });
  r.reader_role = find_or_create([&] { return directory_.find_role("reader"); },
                                 [&] { return directory_.create_role("reader"); });
  directory_.grant_project_role(r.admin_role.id, r.user.id, r.project.id);
  directory_.grant_domain_role(r.admin_role.id, r.user.id, r.domain.id);
  find_or_create([&] { return catalog_.get_region(o.region); },
                 [&] { return catalog_.create_region(o.region); });
  if (catalog_.list_services("identity").empty()) {
    const CatalogService keystone = catalog_.create_service("identity", "keystone");
    catalog_.create_endpoint(keystone.id, "public", o.public_url, o.region);
    catalog_.create_endpoint(keystone.id, "internal", o.internal_url, o.region);
    catalog_.create_endpoint(keystone.id, "admin", o.admin_url, o.region);
  }
  tx.commit();
  return r;
}

void IdentityService::change_password(const std::string& user_id, const std::string& password) {
  directory_.set_password(user_id, password);
  tokens_.revoke_user(user_id);
}

User IdentityService::set_user_enabled(const std::string& user_id, bool enabled) {
  ResourceUpdate update;
  update.enabled = enabled;
  User u = directory_.update_user(user_id, update);
  if (!enabled) tokens_.revoke_user(user_id);
  return u;
}

void IdentityService::delete_user(const std::string& user_id) {
  directory_.delete_user(user_id);
  tokens_.revoke_user(user_id);
}

Project IdentityService::set_project_enabled(const std::string& project_id, bool enabled) {
  ResourceUpdate update;
  update.enabled = enabled;
  Project p = directory_.update_project(project_id, update);
  if (!enabled) tokens_.revoke_project(project_id);
  return p;
}

void IdentityService::delete_project(const std::string& project_id) {
  directory_.delete_project(project_id);
  tokens_.revoke_project(project_id);
  quotas_.clear_limits(project_id);
}

}  // namespace stacksim::identity
