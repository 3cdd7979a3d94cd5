// Version discovery, extensions, the authorization and listing helpers, networks, subnets and
// ports. Routers, floating IPs, security groups and quotas are in the neighbouring files.

#include "core/api/network/network_api.hpp"

#include <algorithm>

#include "core/api/json_view.hpp"
#include "core/api/network/network_policies.hpp"
#include "core/api/network/network_requests.hpp"
#include "core/api/network/network_views.hpp"
#include "core/api/responses.hpp"
#include "core/network/network_error.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;
namespace views = neutron_views;
namespace requests = neutron_requests;

const char* bool_text(bool b) {
  return b ? "True" : "False";
}

/// The extensions whose attributes and resources this API serves (GET /v2.0/extensions).
const json& extensions() {
  static const json list = json::array({
      {{"alias", "external-net"},
       {"name", "Neutron external network"},
       {"description", "Adds external network attribute to network resource."}},
      {{"alias", "router"},
       {"name", "Neutron L3 Router"},
       {"description",
        "Router abstraction for basic L3 forwarding between L2 Neutron networks "
        "and access to external networks via a NAT gateway."}},
      {{"alias", "ext-gw-mode"},
       {"name", "Neutron L3 Configurable external gateway mode"},
       {"description",
        "Extension of the router abstraction for specifying whether SNAT should "
        "occur on the external gateway"}},
      {{"alias", "extraroute"},
       {"name", "Neutron Extra Route"},
       {"description", "Extra routes configuration for L3 router"}},
      {{"alias", "provider"},
       {"name", "Provider Network"},
       {"description", "Expose mapping of virtual networks to physical networks"}},
      {{"alias", "security-group"},
       {"name", "security-group"},
       {"description", "The security groups extension."}},
      {{"alias", "port-security"},
       {"name", "Port Security"},
       {"description", "Provides port security"}},
      {{"alias", "allowed-address-pairs"},
       {"name", "Allowed Address Pairs"},
       {"description", "Provides allowed address pairs"}},
      {{"alias", "binding"},
       {"name", "Port Binding"},
       {"description", "Expose port bindings of a virtual port to external application"}},
      {{"alias", "quotas"},
       {"name", "Quota management support"},
       {"description", "Expose functions for quotas management per project"}},
      {{"alias", "quota_details"},
       {"name", "Quota details management support"},
       {"description", "Expose functions for quotas usage statistics per project"}},
      {{"alias", "project-id"},
       {"name", "project_id field enabled"},
       {"description", "Extension that indicates that project_id field is enabled."}},
  });
  return list;
}

/// A JSON scalar as a query string would spell it; nullopt for arrays and objects.
std::optional<std::string> query_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_null()) return "";
  return std::nullopt;
}

bool lower_equal(std::string a, std::string b) {
  auto lower = [](std::string& s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  };
  lower(a);
  lower(b);
  return a == b;
}

json select_fields(const json& view, const std::vector<std::string>& fields) {
  if (fields.empty()) return view;
  json out = json::object();
  for (const std::string& f : fields) {
    if (view.contains(f)) out[f] = view.at(f);
  }
  return out;
}

}  // namespace

NetworkApi::NetworkApi(ApiApplication& app, network::NetworkService& neutron)
    : app_(app), neutron_(neutron), base_(app.config().public_url + prefix) {
  register_network_policies(app_.identity().policy());
}

bool NetworkApi::is_admin(const ApiRequest& r) const {
  return app_.identity().policy().is_admin(r.context);
}

bool NetworkApi::allowed(const std::string& action, const ApiRequest& r,
                         const identity::PolicyTarget& target) const {
  return app_.identity().policy().check(action, r.context, target);
}

void NetworkApi::authorize(const std::string& action, const ApiRequest& r,
                           const identity::PolicyTarget& target) const {
  if (!allowed(action, r, target)) {
    throw runtime::ServiceError("PolicyNotAuthorized", 403,
                                "(rule:" + action + ") is disallowed by policy");
  }
}

void NetworkApi::authorize_visible(const std::string& kind, const std::string& action,
                                   const ApiRequest& r, const identity::PolicyTarget& target,
                                   const runtime::ServiceError& hidden) const {
  if (!allowed("get_" + kind, r, target)) throw hidden;
  if (!action.empty()) authorize(action, r, target);
}

void NetworkApi::authorize_attributes(const std::string& action, const ApiRequest& r,
                                      const JsonView& body, const identity::PolicyTarget& target,
                                      std::initializer_list<const char*> attributes) const {
  for (const char* attribute : attributes) {
    if (body.has(attribute)) authorize(action + ":" + attribute, r, target);
  }
}

identity::PolicyTarget NetworkApi::network_target(const network::Network& n) const {
  return {{"project_id", n.project_id},
          {"tenant_id", n.project_id},
          {"network_project_id", n.project_id},
          {"shared", bool_text(n.shared)},
          {"router_external", bool_text(n.router_external)}};
}

identity::PolicyTarget NetworkApi::subnet_target(const network::Subnet& s) {
  identity::PolicyTarget t = network_target(neutron_.get_network(s.network_id));
  t["project_id"] = t["tenant_id"] = s.project_id;
  return t;
}

identity::PolicyTarget NetworkApi::port_target(const network::Port& p) {
  identity::PolicyTarget t = network_target(neutron_.get_network(p.network_id));
  t["project_id"] = t["tenant_id"] = p.project_id;
  return t;
}

network::Network NetworkApi::visible_network(const ApiRequest& r, const std::string& id,
                                             const std::string& action) {
  network::Network n = neutron_.get_network(id);
  authorize_visible("network", action, r, network_target(n), network::network_not_found(id));
  return n;
}

network::Subnet NetworkApi::visible_subnet(const ApiRequest& r, const std::string& id,
                                           const std::string& action) {
  network::Subnet s = neutron_.get_subnet(id);
  authorize_visible("subnet", action, r, subnet_target(s), network::subnet_not_found(id));
  return s;
}

network::Port NetworkApi::visible_port(const ApiRequest& r, const std::string& id,
                                       const std::string& action) {
  network::Port p = neutron_.get_port(id);
  authorize_visible("port", action, r, port_target(p), network::port_not_found(id));
  return p;
}

HttpResponse NetworkApi::listing(const ApiRequest& r, const std::string& collection, json items) {
  static const std::vector<std::string> paging = {"fields",   "limit",    "marker",
                                                  "sort_key", "sort_dir", "page_reverse"};
  const std::vector<std::string> fields = r.http.query_values("fields");
  json out = json::array();
  for (json& item : items) {
    bool match = true;
    for (const auto& [key, unused] : r.http.query) {
      if (std::find(paging.begin(), paging.end(), key) != paging.end() || !item.contains(key))
        continue;
      const std::optional<std::string> have = query_text(item.at(key));
      if (!have) continue;  // list attributes are not filterable here
      const std::vector<std::string> wanted = r.http.query_values(key);
      match = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
        return item.at(key).is_boolean() ? lower_equal(w, *have) : w == *have;
      });
      if (!match) break;
    }
    if (match) out.push_back(select_fields(item, fields));
  }
  return json_response(200, {{collection, std::move(out)}});
}

HttpResponse NetworkApi::member(const ApiRequest& r, int status, const std::string& member,
                                json view) {
  return json_response(status, {{member, select_fields(view, r.http.query_values("fields"))}});
}

void NetworkApi::add_routes(RouteTable& routes) {
  const json version = {{"id", "v2.0"},
                        {"status", "CURRENT"},
                        {"links", json::array({{{"rel", "self"}, {"href", base_ + "/v2.0/"}}})}};
  RouteBuilder root(routes, prefix, ErrorStyle::neutron);
  root.open("GET", "", [version](ApiRequest&) {
    return json_response(200, {{"versions", json::array({version})}});
  });
  RouteBuilder v2(routes, std::string(prefix) + "/v2.0", ErrorStyle::neutron);
  v2.open("GET", "", [this](ApiRequest&) {
    json resources = json::array();
    for (const char* collection : {"networks", "subnets", "ports", "routers", "floatingips",
                                   "security-groups", "security-group-rules", "quotas"}) {
      resources.push_back(
          {{"name", std::string(collection)},
           {"collection", std::string(collection)},
           {"links", json::array({{{"rel", "self"}, {"href", base_ + "/v2.0/" + collection}}})}});
    }
    return json_response(200, {{"resources", std::move(resources)}});
  });
  v2.get("/extensions", [](ApiRequest& r) {
    json items = json::array();
    for (json e : extensions()) {
      e["updated"] = "2013-01-20T00:00:00-00:00";
      e["links"] = json::array();
      items.push_back(std::move(e));
    }
    return listing(r, "extensions", std::move(items));
  });
  v2.get("/extensions/{alias}", [](ApiRequest& r) {
    for (json e : extensions()) {
      if (e["alias"] == r.param("alias")) {
        e["updated"] = "2013-01-20T00:00:00-00:00";
        e["links"] = json::array();
        return json_response(200, {{"extension", std::move(e)}});
      }
    }
    throw runtime::ServiceError("HTTPNotFound", 404,
                                "Extension with alias " + r.param("alias") + " does not exist");
  });
  add_core_routes(v2);
  add_router_routes(v2);
  add_floating_ip_routes(v2);
  add_security_group_routes(v2);
  add_quota_routes(v2);
}

void NetworkApi::add_core_routes(RouteBuilder& v2) {
  v2.get("/networks", [this](ApiRequest& r) {
    json items = json::array();
    const bool admin = is_admin(r);
    for (const network::Network& n : neutron_.list_networks()) {
      if (allowed("get_network", r, network_target(n))) items.push_back(views::network(n, admin));
    }
    return listing(r, "networks", std::move(items));
  });
  v2.post("/networks", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("network");
    const network::NetworkRequest req = requests::network_create(body, r.context.project_id);
    const identity::PolicyTarget target = {{"project_id", req.project_id}};
    authorize("create_network", r, target);
    authorize_attributes("create_network", r, body, target,
                         {"shared", "router:external", "provider:network_type",
                          "provider:physical_network", "provider:segmentation_id"});
    return member(r, 201, "network", views::network(neutron_.create_network(req), is_admin(r)));
  });
  v2.get("/networks/{network_id}", [this](ApiRequest& r) {
    return member(r, 200, "network",
                  views::network(visible_network(r, r.param("network_id")), is_admin(r)));
  });
  v2.put("/networks/{network_id}", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("network");
    const network::NetworkUpdate update = requests::network_update(body);
    const network::Network n = visible_network(r, r.param("network_id"), "update_network");
    authorize_attributes("update_network", r, body, network_target(n),
                         {"shared", "router:external"});
    return member(r, 200, "network",
                  views::network(neutron_.update_network(n.id, update), is_admin(r)));
  });
  v2.del("/networks/{network_id}", [this](ApiRequest& r) {
    neutron_.delete_network(visible_network(r, r.param("network_id"), "delete_network").id);
    return no_content();
  });

  v2.get("/subnets", [this](ApiRequest& r) {
    json items = json::array();
    for (const network::Subnet& s : neutron_.list_subnets()) {
      if (allowed("get_subnet", r, subnet_target(s))) items.push_back(views::subnet(s));
    }
    return listing(r, "subnets", std::move(items));
  });
  v2.post("/subnets", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("subnet");
    const network::SubnetRequest req = requests::subnet_create(body, r.context.project_id);
    identity::PolicyTarget target = network_target(visible_network(r, req.network_id));
    target["project_id"] = target["tenant_id"] = req.project_id;
    authorize("create_subnet", r, target);
    return member(r, 201, "subnet", views::subnet(neutron_.create_subnet(req)));
  });
  v2.get("/subnets/{subnet_id}", [this](ApiRequest& r) {
    return member(r, 200, "subnet", views::subnet(visible_subnet(r, r.param("subnet_id"))));
  });
  v2.put("/subnets/{subnet_id}", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const network::SubnetUpdate update =
        requests::subnet_update(JsonView(doc, "").object("subnet"));
    const network::Subnet s = visible_subnet(r, r.param("subnet_id"), "update_subnet");
    return member(r, 200, "subnet", views::subnet(neutron_.update_subnet(s.id, update)));
  });
  v2.del("/subnets/{subnet_id}", [this](ApiRequest& r) {
    neutron_.delete_subnet(visible_subnet(r, r.param("subnet_id"), "delete_subnet").id);
    return no_content();
  });

  v2.get("/ports", [this](ApiRequest& r) {
    network::PortFilter filter;
    filter.network_id = r.http.query_value("network_id");
    filter.device_id = r.http.query_value("device_id");
    json items = json::array();
    const bool admin = is_admin(r);
    for (const network::Port& p : neutron_.list_ports(filter)) {
      if (allowed("get_port", r, port_target(p))) items.push_back(views::port(p, admin));
    }
    return listing(r, "ports", std::move(items));
  });
  v2.post("/ports", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("port");
    const network::PortRequest req = requests::port_create(body, r.context.project_id);
    identity::PolicyTarget target = network_target(visible_network(r, req.network_id));
    target["project_id"] = target["tenant_id"] = req.project_id;
    authorize("create_port", r, target);
    authorize_attributes("create_port", r, body, target, {"binding:host_id", "mac_address"});
    // Neutron guards only the owners it uses itself (network:dhcp, network:router_interface...).
    if (req.device_owner.starts_with("network:")) authorize("create_port:device_owner", r, target);
    return member(r, 201, "port", views::port(neutron_.create_port(req), is_admin(r)));
  });
  v2.get("/ports/{port_id}", [this](ApiRequest& r) {
    return member(r, 200, "port", views::port(visible_port(r, r.param("port_id")), is_admin(r)));
  });
  v2.put("/ports/{port_id}", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("port");
    const network::PortUpdate update = requests::port_update(body);
    const network::Port p = visible_port(r, r.param("port_id"), "update_port");
    authorize_attributes("update_port", r, body, port_target(p), {"binding:host_id"});
    return member(r, 200, "port", views::port(neutron_.update_port(p.id, update), is_admin(r)));
  });
  v2.del("/ports/{port_id}", [this](ApiRequest& r) {
    neutron_.delete_port(visible_port(r, r.param("port_id"), "delete_port").id);
    return no_content();
  });
}

}  // namespace stacksim::api
