#pragma once
// The routes of every served API: a method, a path template ("/v3/projects/{project_id}"), the
// service whose error format applies, whether a token is needed, which body limit applies, and the
// handler. Matching is by path segments; a path matching some template but not its method is a 405.
// The table is filled before the server starts and only read afterwards, so HTTP worker threads may
// match concurrently (to pick the body limit before reading a body).

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/api/api_request.hpp"
#include "core/api/error_style.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::api {

/// Version discovery and token issue are public; everything else needs a valid X-Auth-Token.
enum class Access { public_, token };
/// JSON bodies are held to the small request limit; data uploads (image files, objects) to the
/// upload limit.
enum class BodyKind { json, data };

using SyncHandler = std::function<HttpResponse(ApiRequest&)>;
/// For work that waits on the backend (an image upload's data transfer): runs as a coroutine on the
/// control loop; the response is sent when it finishes.
using AsyncHandler = std::function<runtime::Task<HttpResponse>(ApiRequest)>;

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" marks a placeholder; a last "{name+}" the rest
  ErrorStyle style = ErrorStyle::keystone;
  Access access = Access::token;
  BodyKind body = BodyKind::json;
  std::variant<SyncHandler, AsyncHandler> handler;
};

class RouteTable {
 public:
  struct Match {
    const Route* route = nullptr;  // nullptr: no route
    PathParams params;
    bool method_not_allowed = false;   // the path exists with other methods
    std::vector<std::string> allowed;  // those methods, for the Allow header
  };

  void add(Route route);
  /// Declares that paths under `prefix` belong to a service with `style` (errors for unknown
  /// paths).
  void mount(std::string prefix, ErrorStyle style);

  /// Matches a method and a decoded path; a trailing slash is ignored. HEAD falls back to GET.
  [[nodiscard]] Match match(std::string_view method, std::string_view path) const;
  /// The error style of the service mounted at the longest matching prefix (keystone otherwise).
  [[nodiscard]] ErrorStyle style_for(std::string_view path) const;
  [[nodiscard]] const std::vector<Route>& routes() const noexcept { return routes_; }

  /// Splits a path into its non-empty segments.
  static std::vector<std::string_view> split(std::string_view path);

 private:
  std::vector<Route> routes_;
  std::vector<std::pair<std::string, ErrorStyle>> mounts_;
};

/// Adds routes under a prefix with one error style: routes.get("/servers/{server_id}", handler).
class RouteBuilder {
 public:
  RouteBuilder(RouteTable& table, std::string prefix, ErrorStyle style)
      : table_(table), prefix_(std::move(prefix)), style_(style) {
    table_.mount(prefix_.empty() ? "/" : prefix_, style_);
  }

  RouteBuilder& get(const std::string& path, SyncHandler h) {
    return add("GET", path, std::move(h));
  }
  RouteBuilder& head(const std::string& path, SyncHandler h) {
    return add("HEAD", path, std::move(h));
  }
  RouteBuilder& post(const std::string& path, SyncHandler h) {
    return add("POST", path, std::move(h));
  }
  RouteBuilder& put(const std::string& path, SyncHandler h) {
    return add("PUT", path, std::move(h));
  }
  RouteBuilder& patch(const std::string& path, SyncHandler h) {
    return add("PATCH", path, std::move(h));
  }
  RouteBuilder& del(const std::string& path, SyncHandler h) {
    return add("DELETE", path, std::move(h));
  }
  /// A route with explicit access, body kind and handler kind.
  RouteBuilder& add(const std::string& method, const std::string& path,
                    std::variant<SyncHandler, AsyncHandler> handler, Access access = Access::token,
                    BodyKind body = BodyKind::json);
  /// A public route (no token needed).
  RouteBuilder& open(const std::string& method, const std::string& path, SyncHandler h) {
    return add(method, path, std::move(h), Access::public_);
  }

  [[nodiscard]] const std::string& prefix() const noexcept { return prefix_; }

 private:
  RouteTable& table_;
  std::string prefix_;
  ErrorStyle style_;
};

}  // namespace stacksim::api
