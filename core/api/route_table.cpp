#include "core/api/route_table.hpp"

#include <algorithm>

namespace stacksim::api {
namespace {

bool is_placeholder(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// "{name+}" as the last segment takes every remaining segment (a Swift object name with slashes).
bool is_rest(const std::string& segment) {
  return is_placeholder(segment) && segment.ends_with("+}");
}

bool segments_match(const Route& route, const std::vector<std::string_view>& parts,
                    PathParams* params) {
  const std::size_t n = route.segments.size();
  const bool rest = n > 0 && is_rest(route.segments.back());
  if (rest ? parts.size() < n : n != parts.size()) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_placeholder(route.segments[i]) && route.segments[i] != parts[i]) return false;
  }
  if (params != nullptr) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& s = route.segments[i];
      if (!is_placeholder(s)) continue;
      if (rest && i + 1 == n) {
        std::string value(parts[i]);
        for (std::size_t j = i + 1; j < parts.size(); ++j)
          value.append("/").append(parts[j]);
        params->add(s.substr(1, s.size() - 3), std::move(value));
      } else {
        params->add(s.substr(1, s.size() - 2), std::string(parts[i]));
      }
    }
  }
  return true;
}

}  // namespace

std::vector<std::string_view> RouteTable::split(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

void RouteTable::add(Route route) {
  route.segments.clear();
  for (std::string_view s : split(route.pattern))
    route.segments.emplace_back(s);
  routes_.push_back(std::move(route));
}

void RouteTable::mount(std::string prefix, ErrorStyle style) {
  mounts_.emplace_back(std::move(prefix), style);
}

RouteTable::Match RouteTable::match(std::string_view method, std::string_view path) const {
  const std::vector<std::string_view> parts = split(path);
  Match m;
  const Route* get_fallback = nullptr;
  for (const Route& r : routes_) {
    if (!segments_match(r, parts, nullptr)) continue;
    if (r.method == method) {
      m.route = &r;
      break;
    }
    if (method == "HEAD" && r.method == "GET" && get_fallback == nullptr) get_fallback = &r;
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end())
      m.allowed.push_back(r.method);
  }
  if (m.route == nullptr) m.route = get_fallback;
  if (m.route != nullptr) {
    m.allowed.clear();
    segments_match(*m.route, parts, &m.params);
  } else {
    m.method_not_allowed = !m.allowed.empty();
  }
  return m;
}

ErrorStyle RouteTable::style_for(std::string_view path) const {
  ErrorStyle style = ErrorStyle::keystone;
  std::size_t best = 0;
  for (const auto& [prefix, s] : mounts_) {
    const bool under = path.starts_with(prefix) && (path.size() == prefix.size() || prefix == "/" ||
                                                    path[prefix.size()] == '/');
    if (under && prefix.size() > best) {
      best = prefix.size();
      style = s;
    }
  }
  return style;
}

RouteBuilder& RouteBuilder::add(const std::string& method, const std::string& path,
                                std::variant<SyncHandler, AsyncHandler> handler, Access access,
                                BodyKind body) {
  Route r;
  r.method = method;
  r.pattern = prefix_ + path;
  r.style = style_;
  r.access = access;
  r.body = body;
  r.handler = std::move(handler);
  table_.add(std::move(r));
  return *this;
}

}  // namespace stacksim::api
