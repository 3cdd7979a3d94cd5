#pragma once
// The web dashboard (Horizon's role) served by `stacksim serve` under /dashboard: a login form
// (Keystone password authentication, project-scoped, through the identity service), then one page
// showing the simulated clock, hosts with their vCPU/RAM/disk utilisation, instances, networks with
// subnets and the Swift rings, refreshed in place every few seconds.
//
// Security: the session is the Keystone token itself, kept in an HttpOnly, SameSite=Strict cookie
// scoped to /dashboard, validated on every request (so expiry, revocation, disabled users and lost
// roles end the session at once); logout revokes the token. Form posts from another origin are
// refused (403). What the page shows follows the APIs' policy rules (see dashboard_view.hpp). Pages
// are never cached and carry a Content-Security-Policy allowing only the dashboard's own
// stylesheet, script and requests, and no framing.

#include <optional>
#include <string>

#include "core/api/api_application.hpp"
#include "core/api/dashboard/dashboard_view.hpp"

namespace stacksim::api {

class Dashboard {
 public:
  Dashboard(ApiApplication& app, DashboardSources sources);

  void add_routes(RouteTable& routes);

  static constexpr const char* prefix = "/dashboard";
  static constexpr const char* session_cookie = "stacksim_session";

 private:
  /// The valid token of the request's session cookie, if any.
  [[nodiscard]] std::optional<identity::Token> session(const ApiRequest& r) const;
  [[nodiscard]] DashboardView view(const identity::Token& token) const;
  HttpResponse login(ApiRequest& r);
  HttpResponse logout(ApiRequest& r);

  ApiApplication& app_;
  DashboardSources sources_;
};

}  // namespace stacksim::api
