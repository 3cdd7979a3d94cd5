// Domains, projects and users: /v3/domains, /v3/projects, /v3/users.

#include "core/api/identity/identity_api.hpp"
#include "core/api/responses.hpp"
#include "core/identity/identity_error.hpp"

namespace stacksim::api {
namespace {

/// Keystone's list filters common to domains, projects and users: name and enabled.
template <class T>
bool passes(const T& entity, const ApiRequest& r) {
  if (auto name = r.http.query_value("name"); name && entity.name != *name) return false;
  if (auto enabled = r.http.query_value("enabled")) {
    const bool want = !(*enabled == "false" || *enabled == "False" || *enabled == "0");
    if (entity.enabled != want) return false;
  }
  return true;
}

identity::ResourceUpdate read_update(const JsonView& v) {
  identity::ResourceUpdate u;
  u.name = v.optional_string("name");
  u.description = v.optional_string("description");
  u.enabled = v.optional_boolean("enabled");
  return u;
}

/// The domain new projects and users land in when the request names none: the token's.
std::string default_domain_for(const ApiRequest& r) {
  if (r.token && r.token->project) return r.token->project->domain_id;
  if (r.token && r.token->domain) return r.token->domain->id;
  return identity::default_domain_id;
}

}  // namespace

void IdentityApi::add_directory_routes(RouteBuilder& v3) {
  identity::Directory& dir = keystone_.directory();

  // Domains.
  v3.get("/domains", [this, &dir](ApiRequest& r) {
    enforce("identity:list_domains", r);
    nlohmann::json items = nlohmann::json::array();
    for (const identity::Domain& d : dir.list_domains()) {
      if (passes(d, r)) items.push_back(views_.domain(d));
    }
    return json_response(200, views_.collection("domains", "/domains", std::move(items)));
  });
  v3.post("/domains", [this, &dir](ApiRequest& r) {
    enforce("identity:create_domain", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView d = JsonView(doc, "").object("domain");
    const identity::Domain created =
        dir.create_domain(d.string("name"), d.optional_string("description").value_or(""),
                          d.optional_boolean("enabled").value_or(true));
    return json_response(201, {{"domain", views_.domain(created)}});
  });
  v3.get("/domains/{domain_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:get_domain", r, {{"domain_id", r.param("domain_id")}});
    return json_response(200, {{"domain", views_.domain(dir.get_domain(r.param("domain_id")))}});
  });
  v3.patch("/domains/{domain_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:update_domain", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const identity::Domain d =
        dir.update_domain(r.param("domain_id"), read_update(JsonView(doc, "").object("domain")));
    return json_response(200, {{"domain", views_.domain(d)}});
  });
  v3.del("/domains/{domain_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:delete_domain", r);
    dir.delete_domain(r.param("domain_id"));
    return no_content();
  });

  // Projects.
  v3.get("/projects", [this, &dir](ApiRequest& r) {
    enforce("identity:list_projects", r);
    nlohmann::json items = nlohmann::json::array();
    for (const identity::Project& p : dir.list_projects(r.http.query_value("domain_id"))) {
      if (passes(p, r)) items.push_back(views_.project(p));
    }
    return json_response(200, views_.collection("projects", "/projects", std::move(items)));
  });
  v3.post("/projects", [this, &dir](ApiRequest& r) {
    enforce("identity:create_project", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView p = JsonView(doc, "").object("project");
    if (p.optional_boolean("is_domain").value_or(false)) {
      throw identity::validation_error("Projects acting as domains are not supported by stacksim.");
    }
    const identity::Project created = dir.create_project(
        p.string("name"), p.optional_string("domain_id").value_or(default_domain_for(r)),
        p.optional_string("description").value_or(""),
        p.optional_boolean("enabled").value_or(true));
    return json_response(201, {{"project", views_.project(created)}});
  });
  v3.get("/projects/{project_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:get_project", r, {{"project_id", r.param("project_id")}});
    return json_response(200,
                         {{"project", views_.project(dir.get_project(r.param("project_id")))}});
  });
  v3.patch("/projects/{project_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:update_project", r);
    const nlohmann::json doc = parse_json_body(r.http);
    identity::ResourceUpdate u = read_update(JsonView(doc, "").object("project"));
    const std::optional<bool> enabled = u.enabled;
    u.enabled.reset();
    identity::Project p = dir.update_project(r.param("project_id"), u);
    // Disabling goes through the service so the project's tokens are revoked.
    if (enabled) p = keystone_.set_project_enabled(p.id, *enabled);
    return json_response(200, {{"project", views_.project(p)}});
  });
  v3.del("/projects/{project_id}", [this](ApiRequest& r) {
    enforce("identity:delete_project", r);
    keystone_.delete_project(r.param("project_id"));
    return no_content();
  });

  // Users.
  v3.get("/users", [this, &dir](ApiRequest& r) {
    enforce("identity:list_users", r);
    nlohmann::json items = nlohmann::json::array();
    for (const identity::User& u : dir.list_users(r.http.query_value("domain_id"))) {
      if (passes(u, r)) items.push_back(views_.user(u));
    }
    return json_response(200, views_.collection("users", "/users", std::move(items)));
  });
  v3.post("/users", [this, &dir](ApiRequest& r) {
    enforce("identity:create_user", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView u = JsonView(doc, "").object("user");
    const identity::User created = dir.create_user(
        u.string("name"), u.optional_string("domain_id").value_or(default_domain_for(r)),
        u.optional_string("password"), u.optional_string("default_project_id").value_or(""),
        u.optional_boolean("enabled").value_or(true));
    return json_response(201, {{"user", views_.user(created)}});
  });
  v3.get("/users/{user_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:get_user", r, {{"user_id", r.param("user_id")}});
    return json_response(200, {{"user", views_.user(dir.get_user(r.param("user_id")))}});
  });
  v3.patch("/users/{user_id}", [this, &dir](ApiRequest& r) {
    enforce("identity:update_user", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("user");
    identity::ResourceUpdate u = read_update(body);
    const std::optional<bool> enabled = u.enabled;
    u.enabled.reset();
    const std::string& id = r.param("user_id");
    identity::User user = dir.update_user(id, u);
    if (std::optional<std::string> password = body.optional_string("password"))
      keystone_.change_password(id, *password);
    if (enabled) user = keystone_.set_user_enabled(id, *enabled);
    return json_response(200, {{"user", views_.user(user)}});
  });
  v3.del("/users/{user_id}", [this](ApiRequest& r) {
    enforce("identity:delete_user", r);
    keystone_.delete_user(r.param("user_id"));
    return no_content();
  });
  v3.post("/users/{user_id}/password", [this, &dir](ApiRequest& r) {
    const std::string& id = r.param("user_id");
    enforce("identity:change_password", r, {{"user_id", id}});
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView u = JsonView(doc, "").object("user");
    if (!dir.check_password(id, u.string("original_password"))) throw identity::unauthorized();
    keystone_.change_password(id, u.string("password"));
    return no_content();
  });
  v3.get("/users/{user_id}/projects", [this, &dir](ApiRequest& r) {
    const std::string& id = r.param("user_id");
    enforce("identity:list_user_projects", r, {{"user_id", id}});
    nlohmann::json items = nlohmann::json::array();
    std::vector<std::string> seen;
    for (const identity::RoleAssignment& a : dir.list_assignments(id)) {
      if (a.project_id.empty() || std::find(seen.begin(), seen.end(), a.project_id) != seen.end())
        continue;
      seen.push_back(a.project_id);
      const identity::Project p = dir.get_project(a.project_id);
      if (passes(p, r)) items.push_back(views_.project(p));
    }
    return json_response(
        200, views_.collection("projects", "/users/" + id + "/projects", std::move(items)));
  });
}

}  // namespace stacksim::api
