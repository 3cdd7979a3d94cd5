#include "core/api/identity/identity_api.hpp"

#include <vector>

#include "core/api/responses.hpp"

namespace stacksim::api {
namespace {

// Keystone's defaults for the actions identity::IdentityService does not register itself.
const std::vector<identity::PolicyDefault> api_rules = {
    {"identity:list_domains", "rule:admin_required", "List domains."},
    {"identity:list_users", "rule:admin_required", "List users."},
    {"identity:list_user_projects", "rule:admin_or_user", "List a user's projects."},
    {"identity:list_roles", "rule:admin_required", "List roles."},
    {"identity:get_role", "rule:admin_required", "Show a role."},
    {"identity:update_role", "rule:admin_required", "Update a role."},
    {"identity:list_grants", "rule:admin_required", "List a user's roles on a target."},
    {"identity:check_grant", "rule:admin_required", "Check a user's role on a target."},
    {"identity:validate_token", "rule:admin_or_user", "Validate a token."},
    {"identity:check_token", "rule:admin_or_user", "Check a token."},
    {"identity:list_services", "rule:admin_required", "List catalog services."},
    {"identity:get_service", "rule:admin_required", "Show a catalog service."},
    {"identity:update_service", "rule:admin_required", "Update a catalog service."},
    {"identity:get_endpoint", "rule:admin_required", "Show an endpoint."},
    {"identity:update_endpoint", "rule:admin_required", "Update an endpoint."},
    {"identity:list_regions", "", "List regions."},
    {"identity:get_region", "", "Show a region."},
    {"identity:update_region", "rule:admin_required", "Update a region."},
    {"identity:delete_region", "rule:admin_required", "Delete a region."},
};

}  // namespace

IdentityApi::IdentityApi(ApiApplication& app)
    : app_(app), keystone_(app.identity()), views_(app.config().public_url, app.time()) {
  keystone_.policy().register_defaults(api_rules);
}

void IdentityApi::enforce(const std::string& action, const ApiRequest& r,
                          const identity::PolicyTarget& target) const {
  keystone_.policy().enforce(action, r.context, target);
}

nlohmann::json IdentityApi::version_v3() const {
  return {{"id", "v3.14"},
          {"status", "stable"},
          {"updated", "2020-04-07T00:00:00Z"},
          {"links", nlohmann::json::array({{{"rel", "self"}, {"href", views_.v3() + "/"}}})},
          {"media-types", nlohmann::json::array({{{"base", "application/json"},
                                                  {"type",
                                                   "application/"
                                                   "vnd.openstack.identity-v3+json"}}})}};
}

void IdentityApi::add_routes(RouteTable& routes) {
  RouteBuilder root(routes, "", ErrorStyle::keystone);
  root.open("GET", "/", [this](ApiRequest&) {
    return json_response(300, {{"versions", {{"values", nlohmann::json::array({version_v3()})}}}});
  });
  RouteBuilder v3(routes, "/v3", ErrorStyle::keystone);
  v3.open("GET", "", [this](ApiRequest&) {
    return json_response(200, {{"version", version_v3()}});
  });
  v3.open("POST", "/auth/tokens", [this](ApiRequest& r) { return issue_token(r); });
  v3.get("/auth/tokens", [this](ApiRequest& r) { return validate_token(r); });
  v3.del("/auth/tokens", [this](ApiRequest& r) { return revoke_token(r); });
  v3.get("/auth/projects", [this](ApiRequest& r) { return auth_projects(r); });
  v3.get("/auth/domains", [this](ApiRequest& r) { return auth_domains(r); });
  v3.get("/auth/catalog", [this](ApiRequest& r) { return auth_catalog(r); });
  add_directory_routes(v3);
  add_role_routes(v3);
  add_catalog_routes(v3);
}

}  // namespace stacksim::api
