#include "core/api/compute/compute_api_routes.hpp"

#include <charconv>
#include <cstdio>

#include "core/api/json_view.hpp"
#include "core/api/responses.hpp"
#include "core/runtime/uuid.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

struct Microversion {
  int major = 2;
  int minor = 1;
  [[nodiscard]] std::string str() const {
    return std::to_string(major) + "." + std::to_string(minor);
  }
};

Microversion parse_microversion(const ApiRequest& r) {
  std::optional<std::string> v = r.http.headers.get("OpenStack-API-Version");
  if (v) {
    if (!v->starts_with("compute ")) return {};
    v = v->substr(8);
  } else {
    v = r.http.headers.get("X-OpenStack-Nova-API-Version");
  }
  Microversion max;
  std::from_chars(ComputeApiRoutes::max_microversion + 2, ComputeApiRoutes::max_microversion + 4,
                  max.minor);
  if (!v) return {};
  if (*v == "latest") return max;
  Microversion m;
  const auto dot = v->find('.');
  const bool ok =
      dot != std::string::npos &&
      std::from_chars(v->data(), v->data() + dot, m.major).ec == std::errc() &&
      std::from_chars(v->data() + dot + 1, v->data() + v->size(), m.minor).ec == std::errc();
  if (!ok) {
    throw runtime::ServiceError("VersionNotFound", 400,
                                "API Version String " + *v +
                                    " is of invalid format. Must be of "
                                    "format MajorNum.MinorNum.");
  }
  if (m.major != 2 || m.minor < 1 || m.minor > max.minor) {
    throw runtime::ServiceError("VersionNotFound", 406,
                                "Version " + *v +
                                    " is not supported by the API. Minimum is 2.1 "
                                    "and maximum is " +
                                    max.str() + ".");
  }
  return m;
}

/// The id at the end of a flavorRef/imageRef, which may be a URL.
std::string ref_id(const std::string& ref) {
  const auto slash = ref.find_last_of('/');
  return slash == std::string::npos ? ref : ref.substr(slash + 1);
}

/// A boot request's "networks": "auto", "none" (microversion 2.37) or a list of {uuid, port,
/// fixed_ip}; absent is "auto", as Nova treats a request without networks.
compute::NetworkRequest requested_networks(const JsonView& server) {
  compute::NetworkRequest request;
  if (!server.has("networks")) return request;
  const nlohmann::json& networks = server.json().at("networks");
  if (networks.is_string()) {
    const std::string mode = server.choice("networks", {"auto", "none"});
    request.mode = mode == "none" ? compute::NetworkRequest::Mode::none
                                  : compute::NetworkRequest::Mode::automatic;
    return request;
  }
  request.mode = compute::NetworkRequest::Mode::listed;
  for (const JsonView& n : server.array("networks")) {
    n.reject_unknown({"uuid", "port", "fixed_ip", "tag"});
    compute::RequestedNetwork entry;
    entry.network_id = n.optional_string("uuid").value_or("");
    entry.port_id = n.optional_string("port").value_or("");
    entry.fixed_ip = n.optional_string("fixed_ip").value_or("");
    if (entry.network_id.empty() && entry.port_id.empty()) {
      throw n.error("", "one of 'uuid' or 'port' is required");
    }
    request.entries.push_back(std::move(entry));
  }
  return request;
}

bool truthy(const std::optional<std::string>& v) {
  return v && (*v == "1" || *v == "true" || *v == "True");
}

}  // namespace

int compute_microversion_minor(const ApiRequest& r) {
  return parse_microversion(r).minor;
}

SyncHandler versioned(SyncHandler h) {
  return [h = std::move(h)](ApiRequest& r) {
    const Microversion v = parse_microversion(r);
    HttpResponse resp = h(r);
    resp.headers.set("OpenStack-API-Version", "compute " + v.str());
    resp.headers.set("X-OpenStack-Nova-API-Version", v.str());
    resp.headers.set("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
    return resp;
  };
}

ComputeApiRoutes::ComputeApiRoutes(ApiApplication& app, compute::ComputeApi& nova,
                                   network::NetworkService* neutron)
    : app_(app), nova_(nova), neutron_(neutron), base_(app.config().public_url + prefix) {
}

json ComputeApiRoutes::links(const std::string& collection, const std::string& id) const {
  return json::array({{{"rel", "self"}, {"href", base_ + "/v2.1/" + collection + "/" + id}},
                      {{"rel", "bookmark"}, {"href", base_ + "/" + collection + "/" + id}}});
}

json ComputeApiRoutes::server_view(const compute::Instance& i, bool detail,
                                   const ServerAddresses* addresses) const {
  json j = {{"id", i.uuid}, {"name", i.name}, {"links", links("servers", i.uuid)}};
  if (!detail) return j;
  const TimeFormat& t = app_.time();
  auto optional_time = [&](const std::optional<runtime::TimePoint>& tp) {
    return tp ? json(t.iso8601(*tp, TimePrecision::cinder)) : json(nullptr);
  };
  j["status"] = nova_server_status(i.vm_state, i.task_state);
  j["tenant_id"] = i.project_id;
  j["user_id"] = i.user_id;
  j["metadata"] = json::object();
  j["hostId"] =
      i.host.empty()
          ? ""
          : runtime::Uuid::at(0, std::hash<std::string>{}(i.project_id + i.host)).str(false);
  j["image"] = {{"id", i.image_id}, {"links", links("images", i.image_id)}};
  j["flavor"] = {{"id", i.flavor.id}, {"links", links("flavors", i.flavor.id)}};
  j["created"] = t.iso8601(i.created_at);
  j["updated"] = t.iso8601(i.updated_at);
  j["addresses"] = addresses != nullptr ? addresses->of(i.uuid) : json::object();
  j["accessIPv4"] = "";
  j["accessIPv6"] = "";
  j["OS-DCF:diskConfig"] = "MANUAL";
  j["progress"] = 0;
  j["OS-EXT-AZ:availability_zone"] = i.availability_zone.empty() ? "nova" : i.availability_zone;
  j["config_drive"] = "";
  j["key_name"] = string_or_null(i.key_name);
  j["OS-SRV-USG:launched_at"] = optional_time(i.launched_at);
  j["OS-SRV-USG:terminated_at"] = optional_time(i.terminated_at);
  j["OS-EXT-SRV-ATTR:host"] = string_or_null(i.host);
  j["OS-EXT-SRV-ATTR:hypervisor_hostname"] = string_or_null(i.host);
  char instance_name[32];
  std::snprintf(instance_name, sizeof instance_name, "instance-%08x",
                static_cast<unsigned>(std::hash<std::string>{}(i.uuid) & 0xffffffffu));
  j["OS-EXT-SRV-ATTR:instance_name"] = instance_name;
  j["OS-EXT-STS:vm_state"] = std::string(to_string(i.vm_state));
  const std::string task(to_string(i.task_state));
  j["OS-EXT-STS:task_state"] = task == "None" ? json(nullptr) : json(task);
  j["OS-EXT-STS:power_state"] = static_cast<int>(i.power_state);
  j["os-extended-volumes:volumes_attached"] = json::array();
  j["security_groups"] = json::array({{{"name", "default"}}});
  return j;
}

json ComputeApiRoutes::flavor_view(const compute::Flavor& f, bool detail) const {
  json j = {{"id", f.id}, {"name", f.name}, {"links", links("flavors", f.id)}};
  if (!detail) return j;
  j["ram"] = f.memory_mb;
  j["vcpus"] = f.vcpus;
  j["disk"] = f.root_gb;
  j["OS-FLV-EXT-DATA:ephemeral"] = f.ephemeral_gb;
  j["swap"] = f.swap_mb == 0 ? json("") : json(f.swap_mb);
  j["OS-FLV-DISABLED:disabled"] = f.disabled;
  j["rxtx_factor"] = f.rxtx_factor;
  j["os-flavor-access:is_public"] = f.is_public;
  return j;
}

HttpResponse ComputeApiRoutes::create_server(ApiRequest& r) {
  const json doc = parse_json_body(r.http);
  const JsonView s = JsonView(doc, "").object("server");
  compute::ServerCreate c;
  c.name = s.string("name");
  c.flavor_id = ref_id(s.string("flavorRef"));
  c.image_id = ref_id(s.optional_string("imageRef").value_or(""));
  c.availability_zone = s.optional_string("availability_zone");
  c.key_name = s.optional_string("key_name");
  c.min_count = static_cast<int>(s.optional_integer("min_count").value_or(1));
  c.max_count = static_cast<int>(s.optional_integer("max_count").value_or(c.min_count));
  c.networks = requested_networks(s);
  if (std::optional<std::vector<JsonView>> groups = s.optional_array("security_groups")) {
    for (const JsonView& g : *groups)
      c.security_groups.push_back(g.string("name"));
  }
  if (std::optional<JsonView> hints = JsonView(doc, "").optional_object("os:scheduler_hints")) {
    c.server_group = hints->optional_string("group");
    if (hints->has("same_host")) c.same_host = hints->strings("same_host");
    if (hints->has("different_host")) c.different_host = hints->strings("different_host");
  }
  const compute::ServerCreateResult result = nova_.create_servers(r.context, c);
  if (s.optional_boolean("return_reservation_id").value_or(false)) {
    return json_response(202, {{"reservation_id", result.reservation_id}});
  }
  const compute::Instance& first = result.instances.front();
  HttpResponse resp =
      json_response(202, {{"server",
                           {{"id", first.uuid},
                            {"links", links("servers", first.uuid)},
                            {"OS-DCF:diskConfig", "MANUAL"},
                            {"security_groups", json::array({{{"name", "default"}}})},
                            {"adminPass", ""}}}});
  resp.headers.set("Location", base_ + "/v2.1/servers/" + first.uuid);
  return resp;
}

HttpResponse ComputeApiRoutes::show_server(ApiRequest& r) {
  const compute::Instance i = nova_.get_server(r.context, r.param("server_id"));
  std::optional<ServerAddresses> addresses;
  if (neutron_ != nullptr) addresses = ServerAddresses::for_server(*neutron_, i.uuid);
  return json_response(200, {{"server", server_view(i, true, addresses ? &*addresses : nullptr)}});
}

HttpResponse ComputeApiRoutes::list_servers(ApiRequest& r, bool detail) {
  const bool all = truthy(r.http.query_value("all_tenants"));
  const std::optional<std::string> project = nova_.authorize_list_servers(r.context, all);
  const std::optional<std::string> name = r.http.query_value("name");
  const std::optional<std::string> status = r.http.query_value("status");
  // The index view depends on nothing but the listed records, the caller's scope and the filters.
  std::string key;
  if (!detail) {
    key = project.value_or("*") + (name ? "\nname=" + *name : "") +
          (status ? "\nstatus=" + *status : "");
    if (const std::string* body = index_cache_.find(key, nova_.servers_generation())) {
      HttpResponse cached;
      cached.body = *body;
      return cached;
    }
  }
  std::optional<ServerAddresses> addresses;
  if (detail && neutron_ != nullptr) addresses = ServerAddresses::for_project(*neutron_, project);
  json items = json::array();
  for (const compute::Instance& i : nova_.list_servers(r.context, all)) {
    if (name && i.name.find(*name) == std::string::npos) continue;  // Nova: a regex match
    if (status && nova_server_status(i.vm_state, i.task_state) != *status) continue;
    items.push_back(server_view(i, detail, addresses ? &*addresses : nullptr));
  }
  HttpResponse response = json_response(200, {{"servers", std::move(items)}});
  if (!detail) index_cache_.store(std::move(key), response.body);
  return response;
}

HttpResponse ComputeApiRoutes::server_action(ApiRequest& r) {
  const json doc = parse_json_body(r.http);
  if (doc.size() != 1) throw invalid_field("", "exactly one action is expected");
  const std::string action = doc.begin().key();
  const JsonView body(doc, "");
  const std::string& id = r.param("server_id");
  auto host_of = [&](const JsonView& v) { return v.optional_string("host"); };
  if (action == "os-start") {
    nova_.start_server(r.context, id);
  } else if (action == "os-stop") {
    nova_.stop_server(r.context, id);
  } else if (action == "reboot") {
    const std::string type = body.object("reboot").choice("type", {"SOFT", "HARD"});
    nova_.reboot_server(r.context, id,
                        type == "HARD" ? runtime::RebootType::hard : runtime::RebootType::soft);
  } else if (action == "resize") {
    nova_.resize_server(r.context, id, ref_id(body.object("resize").string("flavorRef")));
  } else if (action == "confirmResize") {
    nova_.confirm_resize(r.context, id);
    return no_content();
  } else if (action == "revertResize") {
    nova_.revert_resize(r.context, id);
  } else if (action == "migrate") {
    const std::optional<JsonView> m = body.optional_object("migrate");
    nova_.migrate_server(r.context, id, m ? host_of(*m) : std::nullopt);
  } else if (action == "os-migrateLive") {
    nova_.live_migrate_server(r.context, id, host_of(body.object("os-migrateLive")));
  } else if (action == "evacuate") {
    nova_.evacuate_server(r.context, id, host_of(body.object("evacuate")));
    return json_response(200, json::object());
  } else {
    throw runtime::ServiceError("BadRequest", 400, "There is no such action: " + action);
  }
  return HttpResponse::empty(202);
}

HttpResponse ComputeApiRoutes::create_flavor(ApiRequest& r) {
  const json doc = parse_json_body(r.http);
  const JsonView f = JsonView(doc, "").object("flavor");
  compute::Flavor flavor;
  flavor.name = f.string("name");
  flavor.memory_mb = f.integer("ram");
  flavor.vcpus = static_cast<int>(f.integer("vcpus"));
  flavor.root_gb = f.integer("disk");
  flavor.ephemeral_gb = f.optional_integer("OS-FLV-EXT-DATA:ephemeral").value_or(0);
  flavor.swap_mb = f.optional_integer("swap").value_or(0);
  if (f.has("rxtx_factor")) flavor.rxtx_factor = f.number("rxtx_factor");
  flavor.is_public = f.optional_boolean("os-flavor-access:is_public").value_or(true);
  std::optional<std::string> id = f.optional_string("id");
  if (!id || *id == "auto") {
    // Nova's generated flavor ids are UUIDs; derive one that no existing flavor uses.
    std::uint64_t n = nova_.list_flavors(r.context).size();
    for (;; ++n) {
      id = runtime::Uuid::at(app_.config().request_id_seed ^ 0x666c61766f72ULL, n).str();
      try {
        static_cast<void>(nova_.get_flavor(r.context, *id));
      } catch (const runtime::ServiceError&) {
        break;
      }
    }
  }
  flavor.id = *id;
  return json_response(200,
                       {{"flavor", flavor_view(nova_.create_flavor(r.context, flavor), true)}});
}

void ComputeApiRoutes::add_routes(RouteTable& routes) {
  const json version = {
      {"id", "v2.1"},
      {"status", "CURRENT"},
      {"version", max_microversion},
      {"min_version", "2.1"},
      {"updated", "2013-07-23T11:33:21Z"},
      {"links", json::array({{{"rel", "self"}, {"href", base_ + "/v2.1/"}}})},
      {"media-types",
       json::array({{{"base", "application/json"},
                     {"type", "application/vnd.openstack.compute+json;version=2.1"}}})}};
  RouteBuilder root(routes, prefix, ErrorStyle::nova);
  root.open("GET", "", [version](ApiRequest&) {
    return json_response(200, {{"versions", json::array({version})}});
  });
  RouteBuilder v21(routes, std::string(prefix) + "/v2.1", ErrorStyle::nova);
  v21.open("GET", "", [version](ApiRequest&) {
    return json_response(200, {{"version", version}});
  });

  // Literal paths before their {server_id} siblings.
  v21.get("/servers/detail", versioned([this](ApiRequest& r) { return list_servers(r, true); }));
  v21.get("/servers", versioned([this](ApiRequest& r) { return list_servers(r, false); }));
  v21.post("/servers", versioned([this](ApiRequest& r) { return create_server(r); }));
  v21.get("/servers/{server_id}", versioned([this](ApiRequest& r) { return show_server(r); }));
  v21.del("/servers/{server_id}", versioned([this](ApiRequest& r) {
            nova_.delete_server(r.context, r.param("server_id"));
            return no_content();
          }));
  v21.post("/servers/{server_id}/action",
           versioned([this](ApiRequest& r) { return server_action(r); }));
  v21.get("/os-availability-zone", versioned([this](ApiRequest& r) {
            json zones = json::array();
            for (const compute::AvailabilityZone& z : nova_.list_availability_zones(r.context)) {
              zones.push_back(
                  {{"zoneName", z.name}, {"zoneState", {{"available", true}}}, {"hosts", nullptr}});
            }
            return json_response(200, {{"availabilityZoneInfo", std::move(zones)}});
          }));
  v21.get("/limits", versioned([this](ApiRequest& r) {
            auto& quotas = app_.identity().quotas();
            const auto usage = [&](const char* resource) {
              return quotas.usage(r.context.project_id, resource);
            };
            const identity::QuotaUsage instances = usage("instances");
            const identity::QuotaUsage cores = usage("cores");
            const identity::QuotaUsage ram = usage("ram");
            return json_response(200, {{"limits",
                                        {{"rate", json::array()},
                                         {"absolute",
                                          {{"maxTotalInstances", instances.limit},
                                           {"maxTotalCores", cores.limit},
                                           {"maxTotalRAMSize", ram.limit},
                                           {"totalInstancesUsed", instances.in_use},
                                           {"totalCoresUsed", cores.in_use},
                                           {"totalRAMUsed", ram.in_use},
                                           {"maxServerMeta", 128},
                                           {"maxPersonality", 5},
                                           {"maxPersonalitySize", 10240},
                                           {"maxTotalKeypairs", 100},
                                           {"maxServerGroups", 10},
                                           {"maxServerGroupMembers", 10}}}}}});
          }));
  add_flavor_routes(v21);
  add_keypair_routes(v21);
  add_server_group_routes(v21);
  add_aggregate_routes(v21);
  add_hypervisor_routes(v21);
  add_service_routes(v21);
  add_quota_routes(v21);
}

void ComputeApiRoutes::add_flavor_routes(RouteBuilder& v21) {
  auto list = [this](bool detail) {
    return versioned([this, detail](ApiRequest& r) {
      json items = json::array();
      for (const compute::Flavor& f : nova_.list_flavors(r.context))
        items.push_back(flavor_view(f, detail));
      return json_response(200, {{"flavors", std::move(items)}});
    });
  };
  v21.get("/flavors/detail", list(true));
  v21.get("/flavors", list(false));
  v21.post("/flavors", versioned([this](ApiRequest& r) { return create_flavor(r); }));
  v21.get("/flavors/{flavor_id}", versioned([this](ApiRequest& r) {
            return json_response(
                200,
                {{"flavor", flavor_view(nova_.get_flavor(r.context, r.param("flavor_id")), true)}});
          }));
  v21.del("/flavors/{flavor_id}", versioned([this](ApiRequest& r) {
            nova_.delete_flavor(r.context, r.param("flavor_id"));
            return HttpResponse::empty(202);
          }));
  v21.get("/flavors/{flavor_id}/os-extra_specs", versioned([this](ApiRequest& r) {
            const compute::Flavor f = nova_.get_flavor(r.context, r.param("flavor_id"));
            return json_response(200, {{"extra_specs", f.extra_specs}});
          }));
  v21.post("/flavors/{flavor_id}/os-extra_specs", versioned([this](ApiRequest& r) {
             const json doc = parse_json_body(r.http);
             compute::Flavor f;
             for (const auto& [k, v] : JsonView(doc, "").string_map("extra_specs"))
               f = nova_.set_flavor_extra_spec(r.context, r.param("flavor_id"), k, v);
             return json_response(200, {{"extra_specs", f.extra_specs}});
           }));
  v21.del("/flavors/{flavor_id}/os-extra_specs/{key}", versioned([this](ApiRequest& r) {
            static_cast<void>(
                nova_.unset_flavor_extra_spec(r.context, r.param("flavor_id"), r.param("key")));
            return HttpResponse::empty(200);
          }));
  v21.post("/flavors/{flavor_id}/action", versioned([this](ApiRequest& r) {
             const json doc = parse_json_body(r.http);
             const JsonView body(doc, "");
             const std::string& id = r.param("flavor_id");
             if (auto add = body.optional_object("addTenantAccess")) {
               nova_.add_flavor_access(r.context, id, add->string("tenant"));
             } else if (auto remove = body.optional_object("removeTenantAccess")) {
               nova_.remove_flavor_access(r.context, id, remove->string("tenant"));
             } else {
               throw invalid_field("", "addTenantAccess or removeTenantAccess is expected");
             }
             return json_response(200, {{"flavor_access", json::array()}});
           }));
}

void ComputeApiRoutes::add_keypair_routes(RouteBuilder& v21) {
  auto view = [](const compute::Keypair& k) {
    return json{{"name", k.name},
                {"public_key", k.public_key},
                {"fingerprint", k.fingerprint},
                {"type", k.type},
                {"user_id", k.user_id}};
  };
  v21.get("/os-keypairs", versioned([this, view](ApiRequest& r) {
            json items = json::array();
            for (const compute::Keypair& k : nova_.list_keypairs(r.context))
              items.push_back({{"keypair", view(k)}});
            return json_response(200, {{"keypairs", std::move(items)}});
          }));
  v21.post("/os-keypairs", versioned([this, view](ApiRequest& r) {
             const json doc = parse_json_body(r.http);
             const JsonView k = JsonView(doc, "").object("keypair");
             if (!k.has("public_key")) {
               throw k.error("public_key",
                             "key generation was removed in microversion 2.92; import a key");
             }
             const compute::Keypair created =
                 nova_.import_keypair(r.context, k.string("name"), k.string("public_key"),
                                      k.optional_string("type").value_or("ssh"));
             return json_response(200, {{"keypair", view(created)}});
           }));
  v21.get("/os-keypairs/{name}", versioned([this, view](ApiRequest& r) {
            return json_response(
                200, {{"keypair", view(nova_.get_keypair(r.context, r.param("name")))}});
          }));
  v21.del("/os-keypairs/{name}", versioned([this](ApiRequest& r) {
            nova_.delete_keypair(r.context, r.param("name"));
            return HttpResponse::empty(202);
          }));
}

}  // namespace stacksim::api
