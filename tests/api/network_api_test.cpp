#include <catch2/catch.hpp>

#include "core/api/network/network_api.hpp"
#include "core/network/network_service.hpp"
#include "tests/api/api_fixture.hpp"

using nlohmann::json;
using stacksim::testing::ApiFixture;
using stacksim::testing::ApiReply;
namespace api = stacksim::api;
namespace network = stacksim::network;

namespace {

/// The API fixture with Neutron's routes over a network service on the same database.
struct NeutronFixture {
  ApiFixture f;
  network::NetworkService neutron{f.db(), network::NetworkConfig{}, 7};
  api::NetworkApi routes{f.app(), neutron};
  std::string admin;

  NeutronFixture() {
    routes.add_routes(f.app().routes());
    admin = f.admin_token();
  }

  ApiReply call(const std::string& method, const std::string& path, const std::string& token,
                const std::optional<json>& body = std::nullopt) {
    return f.call(method, "/networking/v2.0" + path, body, token);
  }

  /// The install guide's provider network: shared, external, flat on physnet "provider".
  std::string provider_network() {
    const ApiReply n = call("POST", "/networks", admin,
                            json{{"network",
                                  {{"name", "provider"},
                                   {"shared", true},
                                   {"router:external", true},
                                   {"provider:network_type", "flat"},
                                   {"provider:physical_network", "provider"}}}});
    REQUIRE(n.status == 201);
    const std::string id = n.json()["network"]["id"];
    const ApiReply s =
        call("POST", "/subnets", admin,
             json{{"subnet",
                   {{"name", "provider"},
                    {"network_id", id},
                    {"ip_version", 4},
                    {"cidr", "203.0.113.0/24"},
                    {"gateway_ip", "203.0.113.1"},
                    {"allocation_pools", {{{"start", "203.0.113.101"}, {"end", "203.0.113.250"}}}},
                    {"dns_nameservers", {"8.8.4.4"}}}}});
    REQUIRE(s.status == 201);
    return id;
  }
};

std::string neutron_type(const ApiReply& r) {
  return r.json()["NeutronError"]["type"];
}

}  // namespace

TEST_CASE("network: version discovery and extensions") {
  NeutronFixture n;
  const ApiReply v = n.f.call("GET", "/networking");
  REQUIRE(v.status == 200);
  CHECK(v.json()["versions"][0]["id"] == "v2.0");
  CHECK(v.json()["versions"][0]["status"] == "CURRENT");
  const ApiReply ext = n.call("GET", "/extensions", n.admin);
  REQUIRE(ext.status == 200);
  bool router = false;
  const json extensions = ext.json();  // a named value: the loop must not outlive a temporary
  for (const json& e : extensions["extensions"])
    router = router || e["alias"] == "router";
  CHECK(router);
  CHECK(n.call("GET", "/extensions/router", n.admin).json()["extension"]["alias"] == "router");
  CHECK(n.call("GET", "/extensions/no-such", n.admin).status == 404);
  CHECK(n.call("GET", "/networks", "").status == 401);
}

TEST_CASE("network: the install guide's provider and self-service networks") {
  NeutronFixture n;
  const std::string provider = n.provider_network();
  const auto [project, user] = n.f.make_member("myproject", "myuser", "pw");
  const std::string demo = n.f.token_for("myuser", "pw", "myproject");

  const ApiReply net =
      n.call("POST", "/networks", demo, json{{"network", {{"name", "selfservice"}}}});
  REQUIRE(net.status == 201);
  const json nj = net.json()["network"];
  CHECK(nj["project_id"] == project);
  CHECK(nj["tenant_id"] == project);
  CHECK(nj["status"] == "ACTIVE");
  CHECK(nj["shared"] == false);
  CHECK(nj["mtu"] == 1450);                      // VXLAN overhead on a 1500 underlay
  CHECK(!nj.contains("provider:network_type"));  // provider attributes are admin-only
  const std::string selfservice = nj["id"];

  const ApiReply sub = n.call("POST", "/subnets", demo,
                              json{{"subnet",
                                    {{"name", "selfservice"},
                                     {"network_id", selfservice},
                                     {"ip_version", 4},
                                     {"cidr", "172.16.1.0/24"},
                                     {"gateway_ip", "172.16.1.1"},
                                     {"dns_nameservers", {"8.8.4.4"}}}}});
  REQUIRE(sub.status == 201);
  CHECK(sub.json()["subnet"]["allocation_pools"][0] ==
        json{{"start", "172.16.1.2"}, {"end", "172.16.1.254"}});
  const std::string subnet = sub.json()["subnet"]["id"];

  const ApiReply router = n.call("POST", "/routers", demo, json{{"router", {{"name", "router"}}}});
  REQUIRE(router.status == 201);
  CHECK(router.json()["router"]["external_gateway_info"].is_null());
  const std::string router_id = router.json()["router"]["id"];
  const ApiReply gw =
      n.call("PUT", "/routers/" + router_id, demo,
             json{{"router", {{"external_gateway_info", {{"network_id", provider}}}}}});
  REQUIRE(gw.status == 200);
  const json info = gw.json()["router"]["external_gateway_info"];
  CHECK(info["network_id"] == provider);
  CHECK(info["enable_snat"] == true);
  // .101 went to the provider subnet's DHCP port, as in Neutron.
  CHECK(info["external_fixed_ips"][0]["ip_address"] == "203.0.113.102");

  const ApiReply add = n.call("PUT", "/routers/" + router_id + "/add_router_interface", demo,
                              json{{"subnet_id", subnet}});
  REQUIRE(add.status == 200);
  CHECK(add.json()["subnet_id"] == subnet);
  const std::string interface_port = add.json()["port_id"];
  const ApiReply ports = n.call("GET", "/ports?device_id=" + router_id, demo);
  REQUIRE(ports.status == 200);
  bool found = false;
  const json port_list = ports.json();
  for (const json& p : port_list["ports"]) {
    if (p["id"] == interface_port) {
      found = true;
      CHECK(p["device_owner"] == "network:router_interface");
      CHECK(p["fixed_ips"][0]["ip_address"] == "172.16.1.1");
    }
  }
  CHECK(found);
  CHECK(n.call("PUT", "/routers/" + router_id + "/add_router_interface", demo,
               json{{"subnet_id", subnet}, {"port_id", interface_port}})
            .status == 400);

  // The member sees its own network and the shared one; the admin sees provider attributes.
  const ApiReply listed = n.call("GET", "/networks", demo);
  REQUIRE(listed.status == 200);
  CHECK(listed.json()["networks"].size() == 2);
  const ApiReply by_name = n.call("GET", "/networks?name=provider&fields=id", demo);
  REQUIRE(by_name.json()["networks"].size() == 1);
  CHECK(by_name.json()["networks"][0] == json{{"id", provider}});
  const ApiReply admin_view = n.call("GET", "/networks/" + provider, n.admin);
  CHECK(admin_view.json()["network"]["provider:network_type"] == "flat");
  CHECK(admin_view.json()["network"]["router:external"] == true);

  CHECK(n.call("PUT", "/routers/" + router_id + "/remove_router_interface", demo,
               json{{"subnet_id", subnet}})
            .status == 200);
  CHECK(n.call("DELETE", "/routers/" + router_id, demo).status == 204);
  CHECK(n.call("GET", "/routers/" + router_id, demo).status == 404);
}

TEST_CASE("network: RBAC hides other projects' resources and refuses admin-only attributes") {
  NeutronFixture n;
  n.f.make_member("alpha", "alice", "pw-a");
  n.f.make_member("beta", "bob", "pw-b");
  const std::string alice = n.f.token_for("alice", "pw-a", "alpha");
  const std::string bob = n.f.token_for("bob", "pw-b", "beta");
  const ApiReply net = n.call("POST", "/networks", alice, json{{"network", {{"name", "private"}}}});
  REQUIRE(net.status == 201);
  const std::string id = net.json()["network"]["id"];

  // Another project's network does not exist for bob: 404, absent from lists, cannot be deleted.
  const ApiReply hidden = n.call("GET", "/networks/" + id, bob);
  CHECK(hidden.status == 404);
  CHECK(neutron_type(hidden) == "NetworkNotFound");
  CHECK(hidden.json()["NeutronError"]["message"] == "Network " + id + " could not be found.");
  CHECK(n.call("GET", "/networks", bob).json()["networks"].empty());
  CHECK(n.call("DELETE", "/networks/" + id, bob).status == 404);
  CHECK(n.call("POST", "/subnets", bob,
               json{{"subnet", {{"network_id", id}, {"ip_version", 4}, {"cidr", "10.0.0.0/24"}}}})
            .status == 404);

  // Admin-only attributes and creating in another project: 403 in Neutron's words.
  const ApiReply shared =
      n.call("POST", "/networks", alice, json{{"network", {{"name", "s"}, {"shared", true}}}});
  CHECK(shared.status == 403);
  CHECK(neutron_type(shared) == "PolicyNotAuthorized");
  CHECK(shared.json()["NeutronError"]["message"] ==
        "(rule:create_network:shared) is disallowed by policy");
  CHECK(n.call("POST", "/networks", alice,
               json{{"network", {{"name", "x"}, {"project_id", "someone-else"}}}})
            .status == 403);
  CHECK(n.call("PUT", "/quotas/" + n.f.boot().project.id, alice, json{{"quota", {{"network", 1}}}})
            .status == 403);

  // The admin sees everything.
  CHECK(n.call("GET", "/networks/" + id, n.admin).status == 200);
  CHECK(n.call("DELETE", "/networks/" + id, n.admin).status == 204);
}

TEST_CASE("network: request validation names the attribute") {
  NeutronFixture n;
  const ApiReply unknown =
      n.call("POST", "/networks", n.admin, json{{"network", {{"name", "a"}, {"colour", "red"}}}});
  CHECK(unknown.status == 400);
  CHECK(neutron_type(unknown) == "HTTPBadRequest");
  CHECK(unknown.json()["NeutronError"]["message"] == "Unrecognized attribute(s) 'colour'");
  const ApiReply wrong_type =
      n.call("POST", "/networks", n.admin, json{{"network", {{"name", 5}}}});
  CHECK(wrong_type.status == 400);
  CHECK(wrong_type.json()["NeutronError"]["message"].get<std::string>().find("network.name") !=
        std::string::npos);
  CHECK(n.call("POST", "/subnets", n.admin, json{{"subnet", {{"ip_version", 4}}}}).status == 400);
  const ApiReply missing = n.call("GET", "/ports/nope", n.admin);
  CHECK(missing.status == 404);
  CHECK(neutron_type(missing) == "PortNotFound");
}

TEST_CASE("network: security groups and rules as a project sees them") {
  NeutronFixture n;
  n.f.make_member("myproject", "myuser", "pw");
  const std::string demo = n.f.token_for("myuser", "pw", "myproject");
  // The first call creates the project's default group; ?name=default finds exactly it.
  const ApiReply groups = n.call("GET", "/security-groups?name=default", demo);
  REQUIRE(groups.status == 200);
  REQUIRE(groups.json()["security_groups"].size() == 1);
  const json def = groups.json()["security_groups"][0];
  CHECK(def["security_group_rules"].size() == 4);  // egress v4/v6, ingress from the group v4/v6
  const std::string group = def["id"];

  const ApiReply icmp = n.call(
      "POST", "/security-group-rules", demo,
      json{{"security_group_rule",
            {{"security_group_id", group}, {"direction", "ingress"}, {"protocol", "icmp"}}}});
  REQUIRE(icmp.status == 201);
  CHECK(icmp.json()["security_group_rule"]["protocol"] == "icmp");
  CHECK(icmp.json()["security_group_rule"]["port_range_min"].is_null());
  const ApiReply ssh = n.call("POST", "/security-group-rules", demo,
                              json{{"security_group_rule",
                                    {{"security_group_id", group},
                                     {"direction", "ingress"},
                                     {"ethertype", "IPv4"},
                                     {"protocol", "tcp"},
                                     {"port_range_min", 22},
                                     {"port_range_max", 22},
                                     {"remote_ip_prefix", "0.0.0.0/0"}}}});
  REQUIRE(ssh.status == 201);
  const std::string rule = ssh.json()["security_group_rule"]["id"];
  const ApiReply again = n.call("POST", "/security-group-rules", demo, json::parse(R"(
      {"security_group_rule": {"direction": "ingress", "protocol": "tcp", "ethertype": "IPv4",
       "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0",
       "security_group_id": ")" + group + "\"}}"));
  CHECK(again.status == 409);
  CHECK(neutron_type(again) == "SecurityGroupRuleExists");

  const ApiReply rules = n.call("GET", "/security-group-rules?security_group_id=" + group, demo);
  CHECK(rules.json()["security_group_rules"].size() == 6);
  CHECK(n.call("GET", "/security-group-rules/" + rule, demo).status == 200);
  CHECK(n.call("DELETE", "/security-group-rules/" + rule, demo).status == 204);

  const ApiReply web = n.call("POST", "/security-groups", demo,
                              json{{"security_group", {{"name", "web"}, {"description", "www"}}}});
  REQUIRE(web.status == 201);
  CHECK(web.json()["security_group"]["description"] == "www");
  // The admin lists every project's groups, so a name filter can match several.
  CHECK(n.call("GET", "/security-groups?name=web", n.admin).json()["security_groups"].size() == 1);
}

TEST_CASE("network: floating IPs and quotas") {
  NeutronFixture n;
  const std::string provider = n.provider_network();
  const auto [project, user] = n.f.make_member("myproject", "myuser", "pw");
  const std::string demo = n.f.token_for("myuser", "pw", "myproject");
  const std::string net =
      n.call("POST", "/networks", demo, json{{"network", {{"name", "selfservice"}}}})
          .json()["network"]["id"];
  const std::string subnet =
      n.call("POST", "/subnets", demo,
             json{{"subnet", {{"network_id", net}, {"ip_version", 4}, {"cidr", "172.16.1.0/24"}}}})
          .json()["subnet"]["id"];
  const std::string router =
      n.call(
           "POST", "/routers", demo,
           json{{"router", {{"name", "r"}, {"external_gateway_info", {{"network_id", provider}}}}}})
          .json()["router"]["id"];
  REQUIRE(n.call("PUT", "/routers/" + router + "/add_router_interface", demo,
                 json{{"subnet_id", subnet}})
              .status == 200);
  const ApiReply port =
      n.call("POST", "/ports", demo, json{{"port", {{"network_id", net}, {"name", "vm"}}}});
  REQUIRE(port.status == 201);
  const std::string port_id = port.json()["port"]["id"];

  const ApiReply fip = n.call("POST", "/floatingips", demo,
                              json{{"floatingip", {{"floating_network_id", provider}}}});
  REQUIRE(fip.status == 201);
  const json fj = fip.json()["floatingip"];
  CHECK(fj["port_id"].is_null());
  CHECK(fj["status"] == "DOWN");
  CHECK(fj["floating_ip_address"].get<std::string>().starts_with("203.0.113."));
  const std::string fip_id = fj["id"];
  CHECK(
      n.call("POST", "/floatingips", demo,
             json{{"floatingip",
                   {{"floating_network_id", provider}, {"floating_ip_address", "203.0.113.200"}}}})
          .status == 403);

  const ApiReply assoc =
      n.call("PUT", "/floatingips/" + fip_id, demo, json{{"floatingip", {{"port_id", port_id}}}});
  REQUIRE(assoc.status == 200);
  CHECK(assoc.json()["floatingip"]["port_id"] == port_id);
  CHECK(assoc.json()["floatingip"]["router_id"] == router);
  CHECK(assoc.json()["floatingip"]["fixed_ip_address"] ==
        port.json()["port"]["fixed_ips"][0]["ip_address"]);
  const ApiReply dis =
      n.call("PUT", "/floatingips/" + fip_id, demo, json{{"floatingip", {{"port_id", nullptr}}}});
  REQUIRE(dis.status == 200);
  CHECK(dis.json()["floatingip"]["port_id"].is_null());
  CHECK(n.call("DELETE", "/floatingips/" + fip_id, demo).status == 204);

  const ApiReply quota = n.call("GET", "/quotas/" + project, demo);
  REQUIRE(quota.status == 200);
  CHECK(quota.json()["quota"]["network"] == 100);
  const ApiReply details = n.call("GET", "/quotas/" + project + "/details", demo);
  CHECK(details.json()["quota"]["network"] == json{{"limit", 100}, {"used", 1}, {"reserved", 0}});
  const ApiReply set =
      n.call("PUT", "/quotas/" + project, n.admin, json{{"quota", {{"network", 1}}}});
  REQUIRE(set.status == 200);
  CHECK(set.json()["quota"]["network"] == 1);
  CHECK(n.call("PUT", "/quotas/" + project, n.admin, json{{"quota", {{"widgets", 1}}}}).status ==
        400);
  const ApiReply over = n.call("POST", "/networks", demo, json{{"network", {{"name", "second"}}}});
  CHECK(over.status == 409);
  CHECK(neutron_type(over) == "OverQuota");
  CHECK(n.call("DELETE", "/quotas/" + project, n.admin).status == 204);
  CHECK(n.call("POST", "/networks", demo, json{{"network", {{"name", "second"}}}}).status == 201);
}
