#pragma once
// One request as a handler sees it: the HTTP message, the values of the path template's
// placeholders, and, on authenticated routes, the validated token and the caller's RequestContext.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api/http_message.hpp"
#include "core/identity/request_context.hpp"
#include "core/identity/token.hpp"

namespace stacksim::api {

class PathParams {
 public:
  void add(std::string name, std::string value) {
    values_.emplace_back(std::move(name), std::move(value));
  }
  /// The value of `{name}` in the matched template (every placeholder is present once matched).
  [[nodiscard]] const std::string& get(std::string_view name) const {
    for (const auto& [n, v] : values_) {
      if (n == name) return v;
    }
    return empty_;
  }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::string empty_;
};

struct ApiRequest {
  HttpRequest http;
  PathParams params;
  std::optional<identity::Token> token;  // set on authenticated routes
  identity::RequestContext context;
  std::string base_url;    // where the client reached us, e.g. "http://127.0.0.1:5000"
  std::string request_id;  // "req-<uuid>", echoed in x-openstack-request-id

  [[nodiscard]] const std::string& param(std::string_view name) const { return params.get(name); }
};

}  // namespace stacksim::api
