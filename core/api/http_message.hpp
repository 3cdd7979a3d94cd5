#pragma once
// An HTTP request and response as the API layer sees them, independent of the server library: the
// HTTP worker threads convert to and from these, the control loop only ever handles these values.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stacksim::api {

/// Header fields in arrival order; names compare case-insensitively (RFC 9110).
class HttpHeaders {
 public:
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  /// Replaces every field named `name` with one.
  void set(const std::string& name, std::string value) {
    erase(name);
    add(name, std::move(value));
  }
  void erase(std::string_view name) {
    std::erase_if(fields_, [&](const auto& f) { return equal_names(f.first, name); });
  }
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const {
    for (const auto& f : fields_) {
      if (equal_names(f.first, name)) return f.second;
    }
    return std::nullopt;
  }
  [[nodiscard]] bool contains(std::string_view name) const { return get(name).has_value(); }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& fields() const noexcept {
    return fields_;
  }

  static bool equal_names(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return ascii_lower(x) == ascii_lower(y);
           });
  }

 private:
  static char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
  }

  std::vector<std::pair<std::string, std::string>> fields_;
};

struct HttpRequest {
  std::string method;  // GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS
  std::string path;    // percent-decoded, without the query string
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  HttpHeaders headers;
  std::string body;
  std::string remote_address;

  /// The first value of a query parameter.
  [[nodiscard]] std::optional<std::string> query_value(std::string_view name) const {
    for (const auto& [k, v] : query) {
      if (k == name) return v;
    }
    return std::nullopt;
  }
  /// Every value of a query parameter (Neutron and Nova accept repeated filters).
  [[nodiscard]] std::vector<std::string> query_values(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : query) {
      if (k == name) out.push_back(v);
    }
    return out;
  }
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  std::string content_type = "application/json";

  static HttpResponse empty(int status) {
    HttpResponse r;
    r.status = status;
    r.content_type.clear();
    return r;
  }
};

/// The reason phrase of a status code ("Not Found"), as OpenStack's error titles use it.
std::string_view reason_phrase(int status) noexcept;

}  // namespace stacksim::api
