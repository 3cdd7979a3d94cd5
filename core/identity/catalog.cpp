#include "core/identity/catalog.hpp"

#include "core/identity/identity_error.hpp"
#include "core/identity/identity_schema.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::identity {
namespace {

constexpr const char* service_columns =
    "SELECT id, type, name, description, enabled FROM identity_services";
constexpr const char* endpoint_columns =
    "SELECT id, service_id, interface, region_id, url, enabled FROM identity_endpoints";

CatalogService read_service(const store::Statement& s) {
  return {s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
          s.column_int(4) != 0};
}
Endpoint read_endpoint(const store::Statement& s) {
  return {s.column_text(0), s.column_text(1), s.column_text(2),
          s.column_text(3), s.column_text(4), s.column_int(5) != 0};
}

void check_interface(const std::string& interface) {
  if (interface != "public" && interface != "internal" && interface != "admin") {
    throw validation_error("Invalid input for field 'interface': '" + interface +
                           "' is not one of ['admin', 'internal', 'public']");
  }
}

/// Keystone's format_url: `url` with its %(name)s / $(name)s placeholders replaced; nullopt when
/// a placeholder has no value.
std::optional<std::string> format_url(const std::string& url,
                                      const std::optional<std::string>& project_id,
                                      const std::string& user_id) {
  std::string out;
  std::size_t pos = 0;
  while (pos < url.size()) {
    const bool opens =
        (url[pos] == '%' || url[pos] == '$') && pos + 1 < url.size() && url[pos + 1] == '(';
    const std::size_t close = opens ? url.find(")s", pos) : std::string::npos;
    if (close == std::string::npos) {
      out += url[pos++];
      continue;
    }
    const std::string name = url.substr(pos + 2, close - pos - 2);
    if (name == "tenant_id" || name == "project_id") {
      if (!project_id) return std::nullopt;
      out += *project_id;
    } else if (name == "user_id") {
      out += user_id;
    } else {
      return std::nullopt;
    }
    pos = close + 2;
  }
  return out;
}

}  // namespace

Catalog::Catalog(store::Database& db, std::uint64_t id_seed)
    : db_((ensure_identity_schema(db), db)), id_seed_(id_seed), ids_(db, "identity.catalog_ids") {
}

std::string Catalog::next_id() {
  return runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(ids_.next())).str(false);
}

Region Catalog::create_region(const std::string& id, const std::string& description) {
  if (id.empty()) throw missing_attribute("id", "region");
  store::Savepoint tx(db_);
  store::Statement& dup = db_.cached("SELECT 1 FROM identity_regions WHERE id = ?1");
  dup.bind(1, id);
  const bool exists = dup.step();
  dup.reset();
  if (exists) throw conflict("region", "Duplicate ID, " + id);
  db_.cached("INSERT INTO identity_regions VALUES (?1, ?2)").bind_all(id, description).execute();
  tx.commit();
  return {id, description};
}

Region Catalog::get_region(const std::string& id) {
  store::Statement& s = db_.cached("SELECT id, description FROM identity_regions WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw not_found("RegionNotFound", "region", id);
  Region r{s.column_text(0), s.column_text(1)};
  s.reset();
  return r;
}

std::vector<Region> Catalog::list_regions() {
  store::Statement& s = db_.cached("SELECT id, description FROM identity_regions ORDER BY id");
  std::vector<Region> out;
  while (s.step())
    out.push_back({s.column_text(0), s.column_text(1)});
  return out;
}

void Catalog::delete_region(const std::string& id) {
  store::Savepoint tx(db_);
  (void)get_region(id);
  store::Statement& used = db_.cached("SELECT 1 FROM identity_endpoints WHERE region_id = ?1");
  used.bind(1, id);
  const bool in_use = used.step();
  used.reset();
  if (in_use) throw conflict("region", "Region " + id + " is still used by endpoints");
  db_.cached("DELETE FROM identity_regions WHERE id = ?1").bind(1, id).execute();
  tx.commit();
}

CatalogService Catalog::create_service(const std::string& type, const std::string& name,
                                       const std::string& description, bool enabled) {
  if (type.empty()) throw missing_attribute("type", "service");
  CatalogService svc{next_id(), type, name, description, enabled};
  db_.cached("INSERT INTO identity_services VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(svc.id, svc.type, svc.name, svc.description, svc.enabled)
      .execute();
  return svc;
}

CatalogService Catalog::get_service(const std::string& id) {
  store::Statement& s = db_.cached(std::string(service_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw not_found("ServiceNotFound", "service", id);
  CatalogService svc = read_service(s);
  s.reset();
  return svc;
}

std::vector<CatalogService> Catalog::list_services(std::optional<std::string> type) {
  store::Statement& s =
      db_.cached(std::string(service_columns) + " WHERE ?1 IS NULL OR type = ?1 ORDER BY rowid");
  s.bind(1, type);
  std::vector<CatalogService> out;
  while (s.step())
    out.push_back(read_service(s));
  return out;
}

CatalogService Catalog::set_service_enabled(const std::string& id, bool enabled) {
  store::Statement& s = db_.cached("UPDATE identity_services SET enabled = ?2 WHERE id = ?1");
  if (s.bind_all(id, enabled).execute() == 0) throw not_found("ServiceNotFound", "service", id);
  return get_service(id);
}

void Catalog::delete_service(const std::string& id) {
  store::Statement& s = db_.cached("DELETE FROM identity_services WHERE id = ?1");
  if (s.bind(1, id).execute() == 0) throw not_found("ServiceNotFound", "service", id);
}

Endpoint Catalog::create_endpoint(const std::string& service_id, const std::string& interface,
                                  const std::string& url, const std::string& region_id) {
  check_interface(interface);
  if (url.empty()) throw missing_attribute("url", "endpoint");
  store::Savepoint tx(db_);
  (void)get_service(service_id);
  (void)get_region(region_id);
  Endpoint ep{next_id(), service_id, interface, region_id, url, true};
  db_.cached("INSERT INTO identity_endpoints VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind_all(ep.id, ep.service_id, ep.interface, ep.region_id, ep.url, ep.enabled)
      .execute();
  tx.commit();
  return ep;
}

Endpoint Catalog::get_endpoint(const std::string& id) {
  store::Statement& s = db_.cached(std::string(endpoint_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw not_found("EndpointNotFound", "endpoint", id);
  Endpoint ep = read_endpoint(s);
  s.reset();
  return ep;
}

std::vector<Endpoint> Catalog::list_endpoints(std::optional<std::string> service_id,
                                              std::optional<std::string> interface,
                                              std::optional<std::string> region_id) {
  store::Statement& s = db_.cached(std::string(endpoint_columns) +
                                   " WHERE (?1 IS NULL OR service_id = ?1) AND (?2 IS NULL OR "
                                   "interface = ?2) AND (?3 IS NULL OR region_id = ?3) "
                                   "ORDER BY rowid");
  s.bind(1, service_id).bind(2, interface).bind(3, region_id);
  std::vector<Endpoint> out;
  while (s.step())
    out.push_back(read_endpoint(s));
  return out;
}

Endpoint Catalog::set_endpoint_enabled(const std::string& id, bool enabled) {
  store::Statement& s = db_.cached("UPDATE identity_endpoints SET enabled = ?2 WHERE id = ?1");
  if (s.bind_all(id, enabled).execute() == 0) throw not_found("EndpointNotFound", "endpoint", id);
  return get_endpoint(id);
}

void Catalog::delete_endpoint(const std::string& id) {
  store::Statement& s = db_.cached("DELETE FROM identity_endpoints WHERE id = ?1");
  if (s.bind(1, id).execute() == 0) throw not_found("EndpointNotFound", "endpoint", id);
}

std::vector<CatalogEntry> Catalog::catalog() {
  std::vector<CatalogEntry> out;
  for (CatalogService& svc : list_services()) {
    if (!svc.enabled) continue;
    CatalogEntry entry{std::move(svc), {}};
    for (Endpoint& ep : list_endpoints(entry.service.id)) {
      if (ep.enabled) entry.endpoints.push_back(std::move(ep));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<CatalogEntry> Catalog::catalog_for(const std::optional<std::string>& project_id,
                                               const std::string& user_id) {
  std::vector<CatalogEntry> out = catalog();
  for (CatalogEntry& entry : out) {
    std::vector<Endpoint> usable;
    for (Endpoint& ep : entry.endpoints) {
      if (std::optional<std::string> url = format_url(ep.url, project_id, user_id)) {
        ep.url = std::move(*url);
        usable.push_back(std::move(ep));
      }
    }
    entry.endpoints = std::move(usable);
  }
  return out;
}

std::string Catalog::url_for(const std::string& type, const std::string& interface,
                             std::optional<std::string> region_id) {
  check_interface(interface);
  for (const CatalogEntry& entry : catalog()) {
    if (entry.service.type != type) continue;
    for (const Endpoint& ep : entry.endpoints) {
      if (ep.interface == interface && (!region_id || ep.region_id == *region_id)) return ep.url;
    }
  }
  throw ServiceError("EndpointNotFound", 404,
                     "Could not find requested endpoint for " + type + " (" + interface +
                         (region_id ? ", region " + *region_id : std::string()) + ").");
}

}  // namespace stacksim::identity
