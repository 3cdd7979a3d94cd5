// Routers (external gateway, static routes, add/remove_router_interface) and floating IPs.

#include "core/api/json_view.hpp"
#include "core/api/network/network_api.hpp"
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

/// The subnet_id or port_id of an add/remove_router_interface body, as Neutron checks it.
std::pair<std::optional<std::string>, std::optional<std::string>> interface_ref(
    const JsonView& body) {
  requests::reject_unrecognized(body, {"subnet_id", "port_id"});
  std::optional<std::string> subnet = body.optional_string("subnet_id");
  std::optional<std::string> port = body.optional_string("port_id");
  if (subnet && port) {
    throw network::bad_request("router", "Cannot specify both subnet-id and port-id");
  }
  if (!subnet && !port) {
    throw network::bad_request("router", "Either subnet_id or port_id must be specified");
  }
  return {std::move(subnet), std::move(port)};
}

}  // namespace

network::Router NetworkApi::visible_router(const ApiRequest& r, const std::string& id,
                                           const std::string& action) {
  network::Router router = neutron_.get_router(id);
  authorize_visible("router", action, r, owned_by(router.project_id),
                    network::router_not_found(id));
  return router;
}

network::FloatingIp NetworkApi::visible_floating_ip(const ApiRequest& r, const std::string& id,
                                                    const std::string& action) {
  network::FloatingIp f = neutron_.get_floating_ip(id);
  authorize_visible("floatingip", action, r, owned_by(f.project_id),
                    network::floating_ip_not_found(id));
  return f;
}

void NetworkApi::add_router_routes(RouteBuilder& v2) {
  v2.get("/routers", [this](ApiRequest& r) {
    json items = json::array();
    for (const network::Router& router : neutron_.list_routers()) {
      if (allowed("get_router", r, owned_by(router.project_id)))
        items.push_back(views::router(router));
    }
    return listing(r, "routers", std::move(items));
  });
  v2.post("/routers", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const network::RouterRequest req =
        requests::router_create(JsonView(doc, "").object("router"), r.context.project_id);
    authorize("create_router", r, owned_by(req.project_id));
    if (req.external_gateway_info) {
      static_cast<void>(visible_network(r, req.external_gateway_info->network_id));
    }
    return member(r, 201, "router", views::router(neutron_.create_router(req)));
  });
  v2.get("/routers/{router_id}", [this](ApiRequest& r) {
    return member(r, 200, "router", views::router(visible_router(r, r.param("router_id"))));
  });
  v2.put("/routers/{router_id}", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("router");
    requests::reject_unrecognized(body,
                                  {"name", "admin_state_up", "external_gateway_info", "routes"});
    const requests::GatewayChange gateway = requests::router_gateway(body);
    const std::optional<std::vector<network::HostRoute>> routes =
        body.has("routes") ? std::optional(requests::host_routes(body, "routes")) : std::nullopt;
    const network::Router router = visible_router(r, r.param("router_id"), "update_router");
    if (gateway.gateway) static_cast<void>(visible_network(r, gateway.gateway->network_id));

    const std::optional<std::string> name = body.optional_string("name");
    const std::optional<bool> admin_state_up = body.optional_boolean("admin_state_up");
    if (name || admin_state_up) neutron_.update_router(router.id, name, admin_state_up);
    if (gateway.gateway) {
      neutron_.set_router_gateway(router.id, *gateway.gateway);
    } else if (gateway.present && router.external_gateway_info) {
      neutron_.clear_router_gateway(router.id);
    }
    if (routes) neutron_.update_router_routes(router.id, *routes);
    return member(r, 200, "router", views::router(neutron_.get_router(router.id)));
  });
  v2.del("/routers/{router_id}", [this](ApiRequest& r) {
    neutron_.delete_router(visible_router(r, r.param("router_id"), "delete_router").id);
    return no_content();
  });
  v2.put("/routers/{router_id}/add_router_interface", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const auto [subnet, port] = interface_ref(JsonView(doc, ""));
    const network::Router router = visible_router(r, r.param("router_id"), "add_router_interface");
    const network::RouterInterface added =
        subnet ? neutron_.add_router_interface_subnet(router.id, visible_subnet(r, *subnet).id)
               : neutron_.add_router_interface_port(router.id, visible_port(r, *port).id);
    return json_response(200, views::router_interface(added));
  });
  v2.put("/routers/{router_id}/remove_router_interface", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const auto [subnet, port] = interface_ref(JsonView(doc, ""));
    const network::Router router =
        visible_router(r, r.param("router_id"), "remove_router_interface");
    const network::RouterInterface removed =
        subnet ? neutron_.remove_router_interface_subnet(router.id, *subnet)
               : neutron_.remove_router_interface_port(router.id, *port);
    return json_response(200, views::router_interface(removed));
  });
}

void NetworkApi::add_floating_ip_routes(RouteBuilder& v2) {
  v2.get("/floatingips", [this](ApiRequest& r) {
    json items = json::array();
    for (const network::FloatingIp& f : neutron_.list_floating_ips()) {
      if (allowed("get_floatingip", r, owned_by(f.project_id)))
        items.push_back(views::floating_ip(f));
    }
    return listing(r, "floatingips", std::move(items));
  });
  v2.post("/floatingips", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("floatingip");
    const network::FloatingIpRequest req = requests::floating_ip_create(body, r.context.project_id);
    authorize("create_floatingip", r, owned_by(req.project_id));
    authorize_attributes("create_floatingip", r, body, owned_by(req.project_id),
                         {"floating_ip_address"});
    static_cast<void>(visible_network(r, req.floating_network_id));
    if (req.port_id) static_cast<void>(visible_port(r, *req.port_id));
    return member(r, 201, "floatingip", views::floating_ip(neutron_.create_floating_ip(req)));
  });
  v2.get("/floatingips/{floatingip_id}", [this](ApiRequest& r) {
    return member(r, 200, "floatingip",
                  views::floating_ip(visible_floating_ip(r, r.param("floatingip_id"))));
  });
  v2.put("/floatingips/{floatingip_id}", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("floatingip");
    requests::reject_unrecognized(body, {"port_id", "fixed_ip_address"});
    const network::FloatingIp f =
        visible_floating_ip(r, r.param("floatingip_id"), "update_floatingip");
    // {"port_id": null} (or no port_id) disassociates, as in Neutron.
    const std::optional<std::string> port_id = body.optional_string("port_id");
    if (port_id) {
      static_cast<void>(visible_port(r, *port_id));
      return member(r, 200, "floatingip",
                    views::floating_ip(neutron_.associate_floating_ip(
                        f.id, *port_id, body.optional_string("fixed_ip_address"))));
    }
    return member(r, 200, "floatingip",
                  views::floating_ip(neutron_.disassociate_floating_ip(f.id)));
  });
  v2.del("/floatingips/{floatingip_id}", [this](ApiRequest& r) {
    neutron_.delete_floating_ip(
        visible_floating_ip(r, r.param("floatingip_id"), "delete_floatingip").id);
    return no_content();
  });
}

}  // namespace stacksim::api
