// POST/GET/HEAD/DELETE /v3/auth/tokens and the /v3/auth/{projects,domains,catalog} helpers.

#include <algorithm>
#include <set>

#include "core/api/identity/identity_api.hpp"
#include "core/api/responses.hpp"
#include "core/identity/identity_error.hpp"

namespace stacksim::api {
namespace {

const char* const subject_token_header = "X-Subject-Token";

bool has_method(const std::vector<std::string>& methods, const std::string& m) {
  return std::find(methods.begin(), methods.end(), m) != methods.end();
}

/// Keystone answers a scope it cannot resolve with 401, so callers cannot probe for names.
template <class F>
auto or_unauthorized(F&& f) {
  try {
    return f();
  } catch (const runtime::ServiceError& e) {
    if (e.http_status() == 404) throw identity::unauthorized();
    throw;
  }
}

}  // namespace

std::string IdentityApi::domain_id_of(const JsonView& ref, const std::string& field) {
  if (std::optional<std::string> id = ref.optional_string("id")) return *id;
  if (std::optional<std::string> name = ref.optional_string("name"))
    return keystone_.directory().find_domain(*name).id;
  throw ref.error("", "'id' or 'name' is required in " + field);
}

identity::TokenScope IdentityApi::parse_scope(const JsonView& auth) {
  const std::optional<JsonView> scope = auth.optional_object("scope");
  if (!scope) return identity::TokenScope::unscoped();
  if (scope->has("system")) {
    throw identity::validation_error("System scope is not supported by stacksim.");
  }
  if (const std::optional<JsonView> project = scope->optional_object("project")) {
    if (std::optional<std::string> id = project->optional_string("id"))
      return identity::TokenScope::project(*id);
    const std::string name = project->string("name");
    const std::string domain_id = or_unauthorized(
        [&] { return domain_id_of(project->object("domain"), "auth.scope.project.domain"); });
    return identity::TokenScope::project(
        or_unauthorized([&] { return keystone_.directory().find_project(name, domain_id).id; }));
  }
  if (const std::optional<JsonView> domain = scope->optional_object("domain")) {
    return identity::TokenScope::domain(
        or_unauthorized([&] { return domain_id_of(*domain, "auth.scope.domain"); }));
  }
  if (scope->has("OS-TRUST:trust")) {
    throw identity::validation_error("Trust scope is not supported by stacksim.");
  }
  return identity::TokenScope::unscoped();
}

HttpResponse IdentityApi::issue_token(ApiRequest& r) {
  const nlohmann::json doc = parse_json_body(r.http);
  const JsonView auth = JsonView(doc, "").object("auth");
  const JsonView ident = auth.object("identity");
  const std::vector<std::string> methods = ident.strings("methods");
  identity::TokenScope scope = parse_scope(auth);
  identity::Token token;
  if (has_method(methods, "password")) {
    const JsonView user = ident.object("password").object("user");
    identity::PasswordCredentials creds;
    creds.password = user.string("password");
    if (std::optional<std::string> id = user.optional_string("id")) {
      creds.user_id = *id;
    } else {
      creds.user_name = user.string("name");
      creds.user_domain_id = or_unauthorized(
          [&] { return domain_id_of(user.object("domain"), "auth...user.domain"); });
    }
    if (!scope.project_id && !scope.domain_id) {
      // As Keystone: without a scope, a user's default project (if it has a role there) scopes it.
      const identity::User u = or_unauthorized([&] {
        return creds.user_id.empty()
                   ? keystone_.directory().find_user(creds.user_name, creds.user_domain_id)
                   : keystone_.directory().get_user(creds.user_id);
      });
      if (!u.default_project_id.empty() &&
          !keystone_.directory().project_roles(u.id, u.default_project_id).empty()) {
        scope = identity::TokenScope::project(u.default_project_id);
      }
    }
    token = keystone_.tokens().issue(creds, scope);
  } else if (has_method(methods, "token")) {
    const std::string id = ident.object("token").string("id");
    token = or_unauthorized([&] { return keystone_.tokens().rescope(id, scope); });
  } else {
    throw identity::unauthorized("Attempted to authenticate with an unsupported method.");
  }
  HttpResponse resp = json_response(
      201, views_.token(token, keystone_.directory(), !r.http.query_value("nocatalog")));
  resp.headers.set(subject_token_header, token.id);
  return resp;
}

identity::Token IdentityApi::subject_token(ApiRequest& r) {
  const std::optional<std::string> id = r.http.headers.get(subject_token_header);
  if (!id || id->empty()) throw identity::missing_attribute(subject_token_header, "header");
  try {
    return keystone_.tokens().validate(*id);
  } catch (const runtime::ServiceError& e) {
    if (e.http_status() == 404) {
      throw runtime::ServiceError("TokenNotFound", 404, "Failed to validate token");
    }
    throw;
  }
}

HttpResponse IdentityApi::validate_token(ApiRequest& r) {
  const identity::Token subject = subject_token(r);
  enforce(r.http.method == "HEAD" ? "identity:check_token" : "identity:validate_token", r,
          {{"user_id", subject.user.id}});
  HttpResponse resp = json_response(
      200, views_.token(subject, keystone_.directory(), !r.http.query_value("nocatalog")));
  resp.headers.set(subject_token_header, subject.id);
  return resp;
}

HttpResponse IdentityApi::revoke_token(ApiRequest& r) {
  const identity::Token subject = subject_token(r);
  enforce("identity:revoke_token", r, {{"user_id", subject.user.id}});
  keystone_.tokens().revoke(subject.id);
  return no_content();
}

HttpResponse IdentityApi::auth_projects(ApiRequest& r) {
  std::set<std::string> seen;
  nlohmann::json items = nlohmann::json::array();
  for (const identity::RoleAssignment& a :
       keystone_.directory().list_assignments(r.context.user_id)) {
    if (a.project_id.empty() || !seen.insert(a.project_id).second) continue;
    const identity::Project p = keystone_.directory().get_project(a.project_id);
    if (p.enabled) items.push_back(views_.project(p));
  }
  return json_response(200, views_.collection("projects", "/auth/projects", std::move(items)));
}

HttpResponse IdentityApi::auth_domains(ApiRequest& r) {
  std::set<std::string> seen;
  nlohmann::json items = nlohmann::json::array();
  for (const identity::RoleAssignment& a :
       keystone_.directory().list_assignments(r.context.user_id)) {
    if (a.domain_id.empty() || !seen.insert(a.domain_id).second) continue;
    const identity::Domain d = keystone_.directory().get_domain(a.domain_id);
    if (d.enabled) items.push_back(views_.domain(d));
  }
  return json_response(200, views_.collection("domains", "/auth/domains", std::move(items)));
}

HttpResponse IdentityApi::auth_catalog(ApiRequest& r) {
  if (!r.token->project && !r.token->domain) {
    throw identity::forbidden("A scoped token is required to obtain a service catalog.");
  }
  return json_response(
      200, views_.collection("catalog", "/auth/catalog", views_.catalog(r.token->catalog)));
}

}  // namespace stacksim::api
