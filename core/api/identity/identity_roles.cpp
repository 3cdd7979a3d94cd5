// Roles, grants and role assignments: /v3/roles, /v3/{projects,domains}/{id}/users/{u}/roles/{r},
// /v3/role_assignments.

#include <string_view>

#include "core/api/identity/identity_api.hpp"
#include "core/api/responses.hpp"

namespace stacksim::api {
namespace {

/// A grant's target kind in the URL ("projects" or "domains").
struct GrantTarget {
  const char* collection;
  const char* param;
};
constexpr GrantTarget project_target{"projects", "project_id"};
constexpr GrantTarget domain_target{"domains", "domain_id"};

}  // namespace

void IdentityApi::add_role_routes(RouteBuilder& v3) {
  identity::Directory& dir = keystone_.directory();

  v3.get("/roles", [this, &dir](ApiRequest& r) {
    enforce("identity:list_roles", r);
    const std::optional<std::string> name = r.http.query_value("name");
    nlohmann::json items = nlohmann::json::array();
    for (const identity::Role& role : dir.list_roles()) {
      if (!name || role.name == *name) items.push_back(views_.role(role));
    }
    return json_response(200, views_.collection("roles", "/roles", std::move(items)));
  });
  v3.post("/roles", [this, &dir](ApiRequest& r) {
    enforce("identity:create_role", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView role = JsonView(doc, "").object("role");
    if (role.optional_string("domain_id")) {
      throw runtime::ServiceError("ValidationError", 400,
                                  "Domain-specific roles are not supported by stacksim.");
    }
    return json_response(201, {{"role", views_.role(dir.create_role(role.string("name")))}});
  });
  v3.get("/roles/{role_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:get_role", r);
    return json_response(200, {{"role", views_.role(dir.get_role(r.param("role_id")))}});
  });
  v3.del("/roles/{role_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:delete_role", r);
    dir.delete_role(r.param("role_id"));
    return no_content();
  });

  for (const GrantTarget target : {project_target, domain_target}) {
    const bool on_project = std::string_view(target.param) == project_target.param;
    const std::string base = std::string("/") + target.collection + "/{" + target.param + "}";
    // Each route checks that the user, target and role exist, as Keystone does before granting.
    auto resolve = [&dir, target, on_project](const ApiRequest& r) {
      static_cast<void>(dir.get_user(r.param("user_id")));
      if (on_project) {
        static_cast<void>(dir.get_project(r.param(target.param)));
      } else {
        static_cast<void>(dir.get_domain(r.param(target.param)));
      }
    };
    v3.get(base + "/users/{user_id}/roles",
           [this, &dir, target, on_project, resolve](ApiRequest& r) {
             enforce("identity:list_grants", r);
             resolve(r);
             const std::string& user = r.param("user_id");
             const std::string& id = r.param(target.param);
             nlohmann::json items = nlohmann::json::array();
             for (const identity::Role& role :
                  on_project ? dir.project_roles(user, id) : dir.domain_roles(user, id))
               items.push_back(views_.role(role));
             return json_response(200, views_.collection("roles",
                                                         std::string("/") + target.collection +
                                                             "/" + id + "/users/" + user + "/roles",
                                                         std::move(items)));
           });
    v3.put(base + "/users/{user_id}/roles/{role_id}",
           [this, &dir, target, on_project, resolve](ApiRequest& r) {
             enforce("identity:create_grant", r);
             resolve(r);
             const std::string role = dir.get_role(r.param("role_id")).id;
             if (on_project) {
               dir.grant_project_role(role, r.param("user_id"), r.param(target.param));
             } else {
               dir.grant_domain_role(role, r.param("user_id"), r.param(target.param));
             }
             return no_content();
           });
    v3.get(base + "/users/{user_id}/roles/{role_id}",
           [this, &dir, target, on_project, resolve](ApiRequest& r) {
             enforce("identity:check_grant", r);
             resolve(r);
             const std::string role = dir.get_role(r.param("role_id")).id;
             const std::string& user = r.param("user_id");
             const std::string& id = r.param(target.param);
             for (const identity::Role& held :
                  on_project ? dir.project_roles(user, id) : dir.domain_roles(user, id)) {
               if (held.id == role) return no_content();
             }
             throw runtime::ServiceError("RoleAssignmentNotFound", 404,
                                         "Could not find role assignment with role: " + role +
                                             ", user or group: " + user +
                                             ", project, domain, or "
                                             "system: " +
                                             id + ".");
           });
    v3.del(base + "/users/{user_id}/roles/{role_id}",
           [this, &dir, target, on_project, resolve](ApiRequest& r) {
             enforce("identity:revoke_grant", r);
             resolve(r);
             const std::string role = dir.get_role(r.param("role_id")).id;
             if (on_project) {
               dir.revoke_project_role(role, r.param("user_id"), r.param(target.param));
             } else {
               dir.revoke_domain_role(role, r.param("user_id"), r.param(target.param));
             }
             return no_content();
           });
  }

  v3.get("/role_assignments", [this, &dir](ApiRequest& r) {
    enforce("identity:list_role_assignments", r);
    const std::optional<std::string> role_id = r.http.query_value("role.id");
    const bool names = r.http.query_value("include_names").has_value();
    nlohmann::json items = nlohmann::json::array();
    for (const identity::RoleAssignment& a :
         dir.list_assignments(r.http.query_value("user.id"), r.http.query_value("scope.project.id"),
                              r.http.query_value("scope.domain.id"))) {
      if (role_id && a.role_id != *role_id) continue;
      nlohmann::json role = {{"id", a.role_id}};
      nlohmann::json user = {{"id", a.user_id}};
      nlohmann::json scope;
      std::string target;
      if (!a.project_id.empty()) {
        scope["project"] = {{"id", a.project_id}};
        target = "/projects/" + a.project_id;
      } else {
        scope["domain"] = {{"id", a.domain_id}};
        target = "/domains/" + a.domain_id;
      }
      if (names) {
        role["name"] = dir.get_role(a.role_id).name;
        const identity::User u = dir.get_user(a.user_id);
        user["name"] = u.name;
        user["domain"] = {{"id", u.domain_id}, {"name", dir.get_domain(u.domain_id).name}};
        if (!a.project_id.empty()) {
          const identity::Project p = dir.get_project(a.project_id);
          scope["project"]["name"] = p.name;
          scope["project"]["domain"] = {{"id", p.domain_id},
                                        {"name", dir.get_domain(p.domain_id).name}};
        } else {
          scope["domain"]["name"] = dir.get_domain(a.domain_id).name;
        }
      }
      items.push_back({{"role", std::move(role)},
                       {"user", std::move(user)},
                       {"scope", std::move(scope)},
                       {"links",
                        {{"assignment",
                          views_.v3() + target + "/users/" + a.user_id + "/roles/" + a.role_id}}}});
    }
    return json_response(
        200, views_.collection("role_assignments", "/role_assignments", std::move(items)));
  });
}

}  // namespace stacksim::api
