// The service catalog: /v3/services, /v3/endpoints, /v3/regions.

#include "core/api/identity/identity_api.hpp"
#include "core/api/responses.hpp"
#include "core/identity/identity_error.hpp"

namespace stacksim::api {
namespace {

/// The catalog keeps only the enabled flag mutable; other changes are refused by name.
void only_enabled(const JsonView& v, std::initializer_list<std::string_view> immutable) {
  for (std::string_view key : immutable) {
    if (v.has(key)) {
      throw v.error(key, "changing '" + std::string(key) +
                             "' is not supported by stacksim; delete and create instead");
    }
  }
}

}  // namespace

void IdentityApi::add_catalog_routes(RouteBuilder& v3) {
  identity::Catalog& cat = keystone_.catalog();

  // Services.
  v3.get("/services", [this, &cat](ApiRequest& r) {
    enforce("identity:list_services", r);
    const std::optional<std::string> name = r.http.query_value("name");
    nlohmann::json items = nlohmann::json::array();
    for (const identity::CatalogService& s : cat.list_services(r.http.query_value("type"))) {
      if (!name || s.name == *name) items.push_back(views_.service(s));
    }
    return json_response(200, views_.collection("services", "/services", std::move(items)));
  });
  v3.post("/services", [this, &cat](ApiRequest& r) {
    enforce("identity:create_service", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView s = JsonView(doc, "").object("service");
    const identity::CatalogService created =
        cat.create_service(s.string("type"), s.optional_string("name").value_or(""),
                           s.optional_string("description").value_or(""),
                           s.optional_boolean("enabled").value_or(true));
    return json_response(201, {{"service", views_.service(created)}});
  });
  v3.get("/services/{service_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:get_service", r);
    return json_response(200,
                         {{"service", views_.service(cat.get_service(r.param("service_id")))}});
  });
  v3.patch("/services/{service_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:update_service", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView s = JsonView(doc, "").object("service");
    only_enabled(s, {"type", "name", "description"});
    identity::CatalogService svc = cat.get_service(r.param("service_id"));
    if (std::optional<bool> enabled = s.optional_boolean("enabled"))
      svc = cat.set_service_enabled(svc.id, *enabled);
    return json_response(200, {{"service", views_.service(svc)}});
  });
  v3.del("/services/{service_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:delete_service", r);
    cat.delete_service(r.param("service_id"));
    return no_content();
  });

  // Endpoints.
  v3.get("/endpoints", [this, &cat](ApiRequest& r) {
    enforce("identity:list_endpoints", r);
    nlohmann::json items = nlohmann::json::array();
    for (const identity::Endpoint& e :
         cat.list_endpoints(r.http.query_value("service_id"), r.http.query_value("interface"),
                            r.http.query_value("region_id")))
      items.push_back(views_.endpoint(e));
    return json_response(200, views_.collection("endpoints", "/endpoints", std::move(items)));
  });
  v3.post("/endpoints", [this, &cat](ApiRequest& r) {
    enforce("identity:create_endpoint", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView e = JsonView(doc, "").object("endpoint");
    std::optional<std::string> region = e.optional_string("region_id");
    if (!region) region = e.optional_string("region");
    if (!region) throw identity::missing_attribute("region_id", "endpoint");
    identity::Endpoint created = cat.create_endpoint(e.string("service_id"), e.string("interface"),
                                                     e.string("url"), *region);
    if (!e.optional_boolean("enabled").value_or(true))
      created = cat.set_endpoint_enabled(created.id, false);
    return json_response(201, {{"endpoint", views_.endpoint(created)}});
  });
  v3.get("/endpoints/{endpoint_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:get_endpoint", r);
    return json_response(200,
                         {{"endpoint", views_.endpoint(cat.get_endpoint(r.param("endpoint_id")))}});
  });
  v3.patch("/endpoints/{endpoint_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:update_endpoint", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView e = JsonView(doc, "").object("endpoint");
    only_enabled(e, {"service_id", "interface", "url", "region_id", "region"});
    identity::Endpoint ep = cat.get_endpoint(r.param("endpoint_id"));
    if (std::optional<bool> enabled = e.optional_boolean("enabled"))
      ep = cat.set_endpoint_enabled(ep.id, *enabled);
    return json_response(200, {{"endpoint", views_.endpoint(ep)}});
  });
  v3.del("/endpoints/{endpoint_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:delete_endpoint", r);
    cat.delete_endpoint(r.param("endpoint_id"));
    return no_content();
  });

  // Regions.
  v3.get("/regions", [this, &cat](ApiRequest& r) {
    enforce("identity:list_regions", r);
    nlohmann::json items = nlohmann::json::array();
    for (const identity::Region& region : cat.list_regions())
      items.push_back(views_.region(region));
    return json_response(200, views_.collection("regions", "/regions", std::move(items)));
  });
  v3.post("/regions", [this, &cat](ApiRequest& r) {
    enforce("identity:create_region", r);
    const nlohmann::json doc = parse_json_body(r.http);
    const JsonView region = JsonView(doc, "").object("region");
    if (region.optional_string("parent_region_id")) {
      throw region.error("parent_region_id", "nested regions are not supported by stacksim");
    }
    const identity::Region created =
        cat.create_region(region.string("id"), region.optional_string("description").value_or(""));
    return json_response(201, {{"region", views_.region(created)}});
  });
  v3.get("/regions/{region_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:get_region", r);
    return json_response(200, {{"region", views_.region(cat.get_region(r.param("region_id")))}});
  });
  v3.del("/regions/{region_id}", [this, &cat](ApiRequest& r) {
    enforce("identity:delete_region", r);
    cat.delete_region(r.param("region_id"));
    return no_content();
  });
}

}  // namespace stacksim::api
