#pragma once
// The request pipeline shared by every served API, run on the control loop's thread: route lookup
// (404/405 in the owning service's error format), the body size limit (413), token authentication
// (401, as keystonemiddleware answers), the handler, and the mapping of errors to OpenStack's
// error bodies. Every response carries x-openstack-request-id. The access log names method, path,
// status, size and duration, never headers or bodies, so no password or token reaches a log.

#include <cstdint>
#include <functional>
#include <string>

#include "core/api/api_config.hpp"
#include "core/api/route_table.hpp"
#include "core/api/time_format.hpp"
#include "core/identity/identity_service.hpp"
#include "core/runtime/executor.hpp"

namespace stacksim::api {

class ApiApplication {
 public:
  using Responder = std::function<void(HttpResponse)>;
  using AccessLog = std::function<void(const std::string& line)>;

  ApiApplication(ApiConfig config, identity::IdentityService& identity,
                 runtime::Executor& executor);

  [[nodiscard]] RouteTable& routes() noexcept { return routes_; }
  [[nodiscard]] const RouteTable& routes() const noexcept { return routes_; }
  [[nodiscard]] const ApiConfig& config() const noexcept { return config_; }
  [[nodiscard]] const TimeFormat& time() const noexcept { return time_; }
  [[nodiscard]] identity::IdentityService& identity() noexcept { return identity_; }
  [[nodiscard]] runtime::Executor& executor() noexcept { return executor_; }

  void set_access_log(AccessLog log) { access_log_ = std::move(log); }
  /// Sets where clients reach the server, once the port is bound; before any API adds its routes
  /// (they build their links from it).
  void set_public_url(std::string url) { config_.public_url = std::move(url); }

  /// Answers one request; loop thread only. `respond` is called exactly once: before handle()
  /// returns for ordinary handlers, or when an asynchronous handler's coroutine finishes.
  void handle(HttpRequest request, Responder respond);

  /// The response for the exception being handled (inside a catch block), in `style`.
  [[nodiscard]] HttpResponse error_for_current_exception(ErrorStyle style) const;

 private:
  /// Validates X-Auth-Token into `request`; the 401 response if that fails.
  [[nodiscard]] std::optional<HttpResponse> authenticate(ApiRequest& request) const;
  [[nodiscard]] HttpResponse unauthorized() const;
  void finish(HttpResponse& response, const std::string& request_id) const;

  ApiConfig config_;
  TimeFormat time_;
  identity::IdentityService& identity_;
  runtime::Executor& executor_;
  RouteTable routes_;
  AccessLog access_log_;
  std::uint64_t requests_ = 0;
};

}  // namespace stacksim::api
