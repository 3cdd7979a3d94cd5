#pragma once
// Handing one request to an ApiApplication in-process, as the HTTP server would, and running the
// simulator until the response is ready (asynchronous handlers wait on simulated backends).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::testing {

struct ApiReply {
  int status = 0;
  api::HttpHeaders headers;
  std::string body;
  std::string content_type;

  [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(body); }
  [[nodiscard]] std::string header(const std::string& name) const {
    return headers.get(name).value_or("");
  }
};

/// A request for `path` ("/v3/projects?name=x&enabled=true"), with a JSON body and a token.
inline api::HttpRequest make_request(const std::string& method, const std::string& path,
                                     const std::optional<nlohmann::json>& body,
                                     const std::string& token,
                                     std::vector<std::pair<std::string, std::string>> headers) {
  api::HttpRequest r;
  r.method = method;
  const auto q = path.find('?');
  r.path = path.substr(0, q);
  if (q != std::string::npos) {
    std::string rest = path.substr(q + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string kv = rest.substr(0, amp);
      const auto eq = kv.find('=');
      r.query.emplace_back(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
      rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
    }
  }
  if (body) r.body = body->dump();
  if (!token.empty()) r.headers.add("X-Auth-Token", token);
  for (auto& [k, v] : headers)
    r.headers.add(k, v);
  r.remote_address = "127.0.0.1";
  return r;
}

/// A password authentication body for a user of the default domain, scoped to `project` (by name,
/// default domain) unless it is empty.
inline nlohmann::json password_auth(const std::string& user, const std::string& password,
                                    const std::string& project) {
  nlohmann::json auth = {
      {"identity",
       {{"methods", {"password"}},
        {"password",
         {{"user", {{"name", user}, {"domain", {{"id", "default"}}}, {"password", password}}}}}}}};
  if (!project.empty()) {
    auth["scope"] = {{"project", {{"name", project}, {"domain", {{"name", "Default"}}}}}};
  }
  return {{"auth", auth}};
}

/// Answers `request`, stepping `sim` until the response arrives.
inline ApiReply run_request(api::ApiApplication& app, sim::Simulator& sim,
                            api::HttpRequest request) {
  std::optional<api::HttpResponse> out;
  app.handle(std::move(request), [&out](api::HttpResponse resp) { out = std::move(resp); });
  while (!out && sim.step()) {
  }
  REQUIRE(out.has_value());
  return ApiReply{out->status, out->headers, out->body, out->content_type};
}

}  // namespace stacksim::testing
