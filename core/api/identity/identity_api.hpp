#pragma once
// Keystone's Identity API v3 over identity::IdentityService: version discovery (/ and /v3),
// tokens (password and token methods, project/domain scope, X-Subject-Token, catalog), domains,
// projects, users, roles, grants and role assignments, and the catalog (services, endpoints,
// regions). Every call but discovery and token issue needs a token; each enforces its
// "identity:*" policy rule.

#include <string>

#include "core/api/api_application.hpp"
#include "core/api/identity/identity_views.hpp"
#include "core/api/json_view.hpp"

namespace stacksim::api {

class IdentityApi {
 public:
  explicit IdentityApi(ApiApplication& app);

  void add_routes(RouteTable& routes);

  /// The version document of v3 (also listed at /).
  [[nodiscard]] nlohmann::json version_v3() const;

 private:
  // Tokens (identity_tokens.cpp).
  HttpResponse issue_token(ApiRequest& r);
  HttpResponse validate_token(ApiRequest& r);
  HttpResponse revoke_token(ApiRequest& r);
  HttpResponse auth_projects(ApiRequest& r);
  HttpResponse auth_domains(ApiRequest& r);
  HttpResponse auth_catalog(ApiRequest& r);
  identity::Token subject_token(ApiRequest& r);
  identity::TokenScope parse_scope(const JsonView& auth);

  // Domains, projects, users (identity_directory.cpp).
  void add_directory_routes(RouteBuilder& v3);
  std::string domain_id_of(const JsonView& ref, const std::string& field);

  // Roles, grants, assignments (identity_roles.cpp).
  void add_role_routes(RouteBuilder& v3);

  // Services, endpoints, regions (identity_catalog.cpp).
  void add_catalog_routes(RouteBuilder& v3);

  void enforce(const std::string& action, const ApiRequest& r,
               const identity::PolicyTarget& target = {}) const;

  ApiApplication& app_;
  identity::IdentityService& keystone_;
  IdentityViews views_;
};

}  // namespace stacksim::api
