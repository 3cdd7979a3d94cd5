#include "core/api/dashboard/dashboard.hpp"

#include "core/api/dashboard/dashboard_assets.hpp"
#include "core/api/dashboard/dashboard_page.hpp"
#include "core/api/dashboard/form_body.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::api {
namespace {

const char* const content_security_policy =
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

HttpResponse page_response(int status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  r.headers.set("Cache-Control", "no-store");
  r.headers.set("X-Content-Type-Options", "nosniff");
  r.headers.set("X-Frame-Options", "DENY");
  // Not no-referrer: under it browsers send "Origin: null" with form posts, which the cross-site
  // check must refuse.
  r.headers.set("Referrer-Policy", "same-origin");
  r.headers.set("Content-Security-Policy", content_security_policy);
  return r;
}

HttpResponse html(int status, std::string body) {
  return page_response(status, std::move(body), "text/html; charset=utf-8");
}

HttpResponse see_other(const std::string& location) {
  HttpResponse r = page_response(303, {}, {});
  r.headers.set("Location", location);
  return r;
}

/// The session cookie: HttpOnly (no script reads the token), SameSite=Strict (no other site's
/// page sends it), only under the dashboard's path. Not Secure: `stacksim serve` speaks plain
/// HTTP, normally on loopback.
std::string session_cookie_header(const std::string& token_id, bool clear) {
  return std::string(Dashboard::session_cookie) + "=" + (clear ? "" : token_id) +
         "; Path=" + Dashboard::prefix + "; HttpOnly; SameSite=Strict" +
         (clear ? "; Max-Age=0" : "");
}

/// Browsers send Origin with form posts; one naming another site than the Host asked for is a
/// cross-site request (login CSRF), refused whatever the cookie's SameSite does.
bool cross_site(const HttpRequest& http) {
  const std::optional<std::string> origin = http.headers.get("Origin");
  if (!origin) return false;
  const std::optional<std::string> host = http.headers.get("Host");
  return !host || (*origin != "http://" + *host && *origin != "https://" + *host);
}

HttpResponse cross_site_refused() {
  return page_response(403, "Cross-site form posts are refused.\n", "text/plain; charset=utf-8");
}

}  // namespace

Dashboard::Dashboard(ApiApplication& app, DashboardSources sources)
    : app_(app), sources_(std::move(sources)) {
}

std::optional<identity::Token> Dashboard::session(const ApiRequest& r) const {
  const std::optional<std::string> id = cookie_value(r.http.headers, session_cookie);
  if (!id || id->empty()) return std::nullopt;
  try {
    return app_.identity().tokens().validate(*id);
  } catch (const runtime::ServiceError&) {
    return std::nullopt;  // expired, revoked or unknown: sign in again
  }
}

DashboardView Dashboard::view(const identity::Token& token) const {
  return gather_dashboard_view(sources_, app_.identity().policy(), token, app_.executor().now());
}

HttpResponse Dashboard::login(ApiRequest& r) {
  if (cross_site(r.http)) return cross_site_refused();
  const auto form = parse_form(r.http.body);
  identity::PasswordCredentials credentials;
  credentials.user_name = form_value(form, "username");
  credentials.password = form_value(form, "password");
  const std::string project = form_value(form, "project");
  if (credentials.user_name.empty() || credentials.password.empty() || project.empty()) {
    return html(400, render_login_page("User name, password and project are required."));
  }
  identity::Token token;
  try {
    const std::string project_id =
        app_.identity().directory().find_project(project, credentials.user_domain_id).id;
    token = app_.identity().tokens().issue(credentials, identity::TokenScope::project(project_id));
  } catch (const runtime::ServiceError& e) {
    // As Keystone: an unknown project and a wrong password look the same to the caller.
    if (e.http_status() != 401 && e.http_status() != 404) throw;
    return html(401, render_login_page("Invalid user name, password or project."));
  }
  HttpResponse r303 = see_other(prefix);
  r303.headers.set("Set-Cookie", session_cookie_header(token.id, false));
  return r303;
}

HttpResponse Dashboard::logout(ApiRequest& r) {
  if (cross_site(r.http)) return cross_site_refused();
  if (const std::optional<identity::Token> token = session(r))
    app_.identity().tokens().revoke(token->id);
  HttpResponse r303 = see_other(std::string(prefix) + "/login");
  r303.headers.set("Set-Cookie", session_cookie_header({}, true));
  return r303;
}

void Dashboard::add_routes(RouteTable& routes) {
  RouteBuilder d(routes, prefix, ErrorStyle::keystone);
  // Every route is public to the API pipeline (no X-Auth-Token): the session cookie is checked
  // here instead.
  d.open("GET", "", [this](ApiRequest& r) {
    const std::optional<identity::Token> token = session(r);
    if (!token) return see_other(std::string(prefix) + "/login");
    return html(200, render_dashboard_page(view(*token), app_.time()));
  });
  d.open("GET", "/sections", [this](ApiRequest& r) {
    const std::optional<identity::Token> token = session(r);
    if (!token) return page_response(401, "Session ended.\n", "text/plain; charset=utf-8");
    return html(200, render_dashboard_sections(view(*token), app_.time()));
  });
  d.open("GET", "/login", [this](ApiRequest& r) {
    if (session(r)) return see_other(prefix);
    return html(200, render_login_page({}));
  });
  d.open("POST", "/login", [this](ApiRequest& r) { return login(r); });
  d.open("POST", "/logout", [this](ApiRequest& r) { return logout(r); });
  d.open("GET", "/static/dashboard.css", [](ApiRequest&) {
    return page_response(200, dashboard_stylesheet, "text/css; charset=utf-8");
  });
  d.open("GET", "/static/dashboard.js", [](ApiRequest&) {
    return page_response(200, dashboard_script, "text/javascript; charset=utf-8");
  });
}

}  // namespace stacksim::api
