#include "core/api/identity/identity_views.hpp"

#include "core/api/responses.hpp"

namespace stacksim::api {

using nlohmann::json;

json IdentityViews::links(const std::string& path) const {
  return {{"self", v3_ + path}};
}

json IdentityViews::collection(const std::string& key, const std::string& path, json items) const {
  return {{key, std::move(items)},
          {"links", {{"self", v3_ + path}, {"previous", nullptr}, {"next", nullptr}}}};
}

json IdentityViews::domain(const identity::Domain& d) const {
  return {{"id", d.id},
          {"name", d.name},
          {"description", d.description},
          {"enabled", d.enabled},
          {"tags", json::array()},
          {"options", json::object()},
          {"links", links("/domains/" + d.id)}};
}

json IdentityViews::project(const identity::Project& p) const {
  // Top-level projects have their domain as parent, as Keystone reports them.
  return {{"id", p.id},
          {"name", p.name},
          {"domain_id", p.domain_id},
          {"description", p.description},
          {"enabled", p.enabled},
          {"parent_id", p.domain_id},
          {"is_domain", false},
          {"tags", json::array()},
          {"options", json::object()},
          {"links", links("/projects/" + p.id)}};
}

json IdentityViews::user(const identity::User& u) const {
  json j = {{"id", u.id},
            {"name", u.name},
            {"domain_id", u.domain_id},
            {"enabled", u.enabled},
            {"password_expires_at", nullptr},
            {"options", json::object()},
            {"links", links("/users/" + u.id)}};
  if (!u.default_project_id.empty()) j["default_project_id"] = u.default_project_id;
  return j;
}

json IdentityViews::role(const identity::Role& r) const {
  return {{"id", r.id},
          {"name", r.name},
          {"domain_id", nullptr},
          {"description", nullptr},
          {"options", json::object()},
          {"links", links("/roles/" + r.id)}};
}

json IdentityViews::region(const identity::Region& r) const {
  return {{"id", r.id},
          {"description", r.description},
          {"parent_region_id", nullptr},
          {"links", links("/regions/" + r.id)}};
}

json IdentityViews::service(const identity::CatalogService& s) const {
  return {{"id", s.id},           {"type", s.type},
          {"name", s.name},       {"description", s.description},
          {"enabled", s.enabled}, {"links", links("/services/" + s.id)}};
}

json IdentityViews::endpoint(const identity::Endpoint& e) const {
  return {{"id", e.id},
          {"interface", e.interface},
          {"region_id", e.region_id},
          {"region", e.region_id},
          {"service_id", e.service_id},
          {"url", e.url},
          {"enabled", e.enabled},
          {"links", links("/endpoints/" + e.id)}};
}

json IdentityViews::catalog(const std::vector<identity::CatalogEntry>& entries) const {
  json out = json::array();
  for (const identity::CatalogEntry& c : entries) {
    json endpoints = json::array();
    for (const identity::Endpoint& e : c.endpoints) {
      endpoints.push_back({{"id", e.id},
                           {"interface", e.interface},
                           {"region_id", e.region_id},
                           {"region", e.region_id},
                           {"url", e.url}});
    }
    out.push_back({{"endpoints", std::move(endpoints)},
                   {"id", c.service.id},
                   {"type", c.service.type},
                   {"name", c.service.name}});
  }
  return out;
}

json IdentityViews::token(const identity::Token& t, identity::Directory& directory,
                          bool with_catalog) const {
  auto domain_ref = [&](const std::string& id) {
    return json{{"id", id}, {"name", directory.get_domain(id).name}};
  };
  json body = {{"methods", t.methods},
               {"user",
                {{"domain", domain_ref(t.user.domain_id)},
                 {"id", t.user.id},
                 {"name", t.user.name},
                 {"password_expires_at", nullptr}}},
               {"audit_ids", json::array({t.audit_id})},
               {"expires_at", time_.iso8601(t.expires_at, TimePrecision::microseconds)},
               {"issued_at", time_.iso8601(t.issued_at, TimePrecision::microseconds)}};
  if (t.project) {
    body["project"] = {{"domain", domain_ref(t.project->domain_id)},
                       {"id", t.project->id},
                       {"name", t.project->name}};
    body["is_domain"] = false;
  }
  if (t.domain) body["domain"] = {{"id", t.domain->id}, {"name", t.domain->name}};
  if (t.project || t.domain) {
    json roles = json::array();
    for (const identity::Role& r : t.roles)
      roles.push_back({{"id", r.id}, {"name", r.name}});
    body["roles"] = std::move(roles);
    if (with_catalog) body["catalog"] = catalog(t.catalog);
  }
  return {{"token", std::move(body)}};
}

}  // namespace stacksim::api
