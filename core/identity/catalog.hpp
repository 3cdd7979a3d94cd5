#pragma once
// The service catalog: regions, services (by type: compute, image, network, ...) and their
// endpoints, each with an interface (public, internal, admin) and a region. Tokens carry the
// catalog of enabled services and endpoints.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::identity {

struct Region {
  std::string id;
  std::string description;
};

struct CatalogService {
  std::string id;
  std::string type;  // compute, image, identity, network, volumev3, ...
  std::string name;  // nova, glance, keystone, ...
  std::string description;
  bool enabled = true;
};

struct Endpoint {
  std::string id;
  std::string service_id;
  std::string interface;  // public | internal | admin
  std::string region_id;
  std::string url;
  bool enabled = true;
};

/// One service of a token's catalog with its enabled endpoints.
struct CatalogEntry {
  CatalogService service;
  std::vector<Endpoint> endpoints;
};

class Catalog {
 public:
  Catalog(store::Database& db, std::uint64_t id_seed);

  Region create_region(const std::string& id, const std::string& description = {});
  [[nodiscard]] Region get_region(const std::string& id);
  [[nodiscard]] std::vector<Region> list_regions();
  /// Refused (Conflict) while endpoints use the region.
  void delete_region(const std::string& id);

  CatalogService create_service(const std::string& type, const std::string& name,
                                const std::string& description = {}, bool enabled = true);
  [[nodiscard]] CatalogService get_service(const std::string& id);
  [[nodiscard]] std::vector<CatalogService> list_services(std::optional<std::string> type = {});
  CatalogService set_service_enabled(const std::string& id, bool enabled);
  /// Deletes the service and its endpoints.
  void delete_service(const std::string& id);

  /// `interface` must be public, internal or admin; the region must exist.
  Endpoint create_endpoint(const std::string& service_id, const std::string& interface,
                           const std::string& url, const std::string& region_id);
  [[nodiscard]] Endpoint get_endpoint(const std::string& id);
  [[nodiscard]] std::vector<Endpoint> list_endpoints(std::optional<std::string> service_id = {},
                                                     std::optional<std::string> interface = {},
                                                     std::optional<std::string> region_id = {});
  Endpoint set_endpoint_enabled(const std::string& id, bool enabled);
  void delete_endpoint(const std::string& id);

  /// Enabled services with their enabled endpoints, in creation order, URLs as registered.
  [[nodiscard]] std::vector<CatalogEntry> catalog();
  /// What a token scoped to `project_id` (none: domain scope) carries for `user_id`: Keystone's
  /// %(tenant_id)s, %(project_id)s and %(user_id)s (or $(...)s) in endpoint URLs are substituted
  /// (Heat's endpoint names the project); an endpoint naming a project is left out of a token
  /// without one.
  [[nodiscard]] std::vector<CatalogEntry> catalog_for(const std::optional<std::string>& project_id,
                                                      const std::string& user_id);

  /// The URL of the first enabled service of `type` with an enabled endpoint on `interface` (and in
  /// `region_id` when given), as keystoneauth's endpoint lookup; EndpointNotFound otherwise.
  [[nodiscard]] std::string url_for(const std::string& type,
                                    const std::string& interface = "public",
                                    std::optional<std::string> region_id = {});

 private:
  std::string next_id();

  store::Database& db_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
};

}  // namespace stacksim::identity
