#include "core/api/api_application.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

#include "core/runtime/service_error.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/uuid.hpp"

namespace stacksim::api {
namespace {

using Clock = std::chrono::steady_clock;

// Runs an asynchronous handler to completion and answers with its response or its error. A free
// coroutine with by-value parameters, so nothing it uses lives in a temporary closure.
runtime::Task<void> run_async(AsyncHandler handler, ApiRequest request, ErrorStyle style,
                              const ApiApplication* app, std::function<void(HttpResponse)> done) {
  HttpResponse response;
  try {
    response = co_await handler(std::move(request));
  } catch (...) {
    response = app->error_for_current_exception(style);
  }
  done(std::move(response));
}

}  // namespace

ApiApplication::ApiApplication(ApiConfig config, identity::IdentityService& identity,
                               runtime::Executor& executor)
    : config_(std::move(config)),
      time_(config_.epoch_unix_s),
      identity_(identity),
      executor_(executor) {
}

HttpResponse ApiApplication::unauthorized() const {
  HttpResponse r = error_response(ErrorStyle::keystone, 401, "Unauthorized",
                                  "The request you have made requires authentication.");
  r.headers.set("WWW-Authenticate", "Keystone uri=\"" + config_.public_url + "/v3\"");
  return r;
}

std::optional<HttpResponse> ApiApplication::authenticate(ApiRequest& request) const {
  const std::optional<std::string> token_id = request.http.headers.get("X-Auth-Token");
  if (!token_id || token_id->empty()) return unauthorized();
  try {
    request.token = identity_.tokens().validate(*token_id);
  } catch (const runtime::ServiceError&) {
    // Unknown, expired and revoked tokens look alike to the caller, as with keystonemiddleware.
    return unauthorized();
  }
  request.context = identity::RequestContext::from_token(*request.token);
  return std::nullopt;
}

HttpResponse ApiApplication::error_for_current_exception(ErrorStyle style) const {
  try {
    throw;
  } catch (const runtime::ServiceError& e) {
    if (e.http_status() == 401) return unauthorized();
    return error_response(style, e.http_status(), e.type(), e.what());
  } catch (const std::exception& e) {
    return error_response(style, 500, "InternalServerError",
                          std::string("Unexpected API Error: ") + e.what());
  }
}

void ApiApplication::finish(HttpResponse& response, const std::string& request_id) const {
  response.headers.set("x-openstack-request-id", request_id);
  if (!response.content_type.empty()) response.headers.set("Content-Type", response.content_type);
}

void ApiApplication::handle(HttpRequest http, Responder respond) {
  const Clock::time_point started = Clock::now();
  ApiRequest request;
  request.request_id = "req-" + runtime::Uuid::at(config_.request_id_seed, ++requests_).str();
  request.base_url = config_.public_url;
  // The log line is composed before the handler runs: it never sees bodies or headers.
  const std::string log_head =
      request.request_id + " " + http.remote_address + " \"" + http.method + " " + http.path + "\"";
  auto reply = [this, started, log_head, request_id = request.request_id,
                respond = std::move(respond)](HttpResponse response) {
    finish(response, request_id);
    if (access_log_) {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      char tail[64];
      std::snprintf(tail, sizeof tail, " %d %zu %.2fms", response.status, response.body.size(), ms);
      access_log_(log_head + tail);
    }
    respond(std::move(response));
  };

  RouteTable::Match match = routes_.match(http.method, http.path);
  const ErrorStyle style =
      match.route != nullptr ? match.route->style : routes_.style_for(http.path);
  request.http = std::move(http);
  if (match.route == nullptr) {
    if (match.method_not_allowed) {
      HttpResponse r = error_response(style, 405, "HTTPMethodNotAllowed",
                                      "The method is not allowed for the requested URL.");
      std::string allow;
      for (const std::string& m : match.allowed)
        allow += (allow.empty() ? "" : ", ") + m;
      r.headers.set("Allow", allow);
      reply(std::move(r));
    } else {
      reply(error_response(style, 404, "NotFound", "The resource could not be found."));
    }
    return;
  }
  const Route& route = *match.route;
  request.params = std::move(match.params);

  const std::size_t limit =
      route.body == BodyKind::data ? config_.max_upload_bytes : config_.max_body_bytes;
  if (request.http.body.size() > limit) {
    reply(error_response(
        style, 413, "RequestEntityTooLarge",
        "Request is too large: the body exceeds " + std::to_string(limit) + " bytes."));
    return;
  }
  if (route.access == Access::token) {
    if (std::optional<HttpResponse> denied = authenticate(request)) {
      reply(std::move(*denied));
      return;
    }
  }

  if (const auto* sync = std::get_if<SyncHandler>(&route.handler)) {
    HttpResponse response;
    try {
      response = (*sync)(request);
    } catch (...) {
      response = error_for_current_exception(style);
    }
    reply(std::move(response));
    return;
  }
  runtime::spawn(executor_, run_async(std::get<AsyncHandler>(route.handler), std::move(request),
                                      style, this, std::move(reply)));
}

}  // namespace stacksim::api
