#include <catch2/catch.hpp>

#include <optional>

#include "core/api/api_application.hpp"
#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/identity/identity_api.hpp"
#include "tests/compute/compute_cloud.hpp"
#include "tests/network/networked_cloud.hpp"

using nlohmann::json;
using stacksim::testing::ComputeCloud;
namespace api = stacksim::api;

namespace {

/// The compute test cloud behind the Identity and Compute APIs, called in-process.
struct NovaOverHttp {
  ComputeCloud cloud{2};
  api::ApiApplication app{{}, cloud.keystone, cloud.sim};
  api::IdentityApi identity{app};
  api::ComputeApiRoutes compute{app, *cloud.nova};

  NovaOverHttp() {
    identity.add_routes(app.routes());
    compute.add_routes(app.routes());
  }

  api::HttpResponse call(const std::string& method, const std::string& path,
                         const std::optional<json>& body, const std::string& token,
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    api::HttpRequest r;
    r.method = method;
    const auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) {
      const std::string kv = path.substr(q + 1);
      const auto eq = kv.find('=');
      r.query.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    if (body) r.body = body->dump();
    r.headers.add("X-Auth-Token", token);
    for (auto& [k, v] : headers)
      r.headers.add(k, v);
    std::optional<api::HttpResponse> out;
    app.handle(std::move(r), [&out](api::HttpResponse resp) { out = std::move(resp); });
    REQUIRE(out.has_value());
    return *out;
  }

  std::string token(const std::string& user, const std::string& password,
                    const std::string& project) {
    const json auth = {
        {"auth",
         {{"identity",
           {{"methods", {"password"}},
            {"password",
             {{"user",
               {{"name", user}, {"domain", {{"id", "default"}}}, {"password", password}}}}}}},
          {"scope", {{"project", {{"name", project}, {"domain", {{"id", "default"}}}}}}}}}};
    const api::HttpResponse r = call("POST", "/v3/auth/tokens", auth, "");
    REQUIRE(r.status == 201);
    return *r.headers.get("X-Subject-Token");
  }
};

}  // namespace

TEST_CASE("compute: boot a server, watch BUILD -> ACTIVE, act on it and delete it") {
  NovaOverHttp n;
  const std::string alice = n.token("alice", "pw", "demo");
  const api::HttpResponse created = n.call(
      "POST", "/compute/v2.1/servers",
      json{{"server", {{"name", "vm1"}, {"flavorRef", "2"}, {"imageRef", n.cloud.image_id}}}},
      alice);
  REQUIRE(created.status == 202);
  CHECK(created.headers.get("X-OpenStack-Nova-API-Version") == "2.1");
  const std::string id = json::parse(created.body)["server"]["id"];
  json shown = json::parse(n.call("GET", "/compute/v2.1/servers/" + id, std::nullopt, alice).body);
  CHECK(shown["server"]["status"] == "BUILD");
  n.cloud.advance(std::chrono::minutes(5));
  shown = json::parse(n.call("GET", "/compute/v2.1/servers/" + id, std::nullopt, alice).body);
  CHECK(shown["server"]["status"] == "ACTIVE");
  CHECK(shown["server"]["OS-EXT-STS:power_state"] == 1);
  CHECK(shown["server"]["flavor"]["id"] == "2");

  const json list =
      json::parse(n.call("GET", "/compute/v2.1/servers/detail", std::nullopt, alice).body);
  REQUIRE(list["servers"].size() == 1);
  CHECK(list["servers"][0]["name"] == "vm1");

  CHECK(n.call("POST", "/compute/v2.1/servers/" + id + "/action", json{{"os-stop", nullptr}}, alice)
            .status == 202);
  n.cloud.advance(std::chrono::minutes(1));
  shown = json::parse(n.call("GET", "/compute/v2.1/servers/" + id, std::nullopt, alice).body);
  CHECK(shown["server"]["status"] == "SHUTOFF");
  CHECK(n.call("DELETE", "/compute/v2.1/servers/" + id, std::nullopt, alice).status == 204);
  n.cloud.advance(std::chrono::minutes(1));
  const api::HttpResponse gone = n.call("GET", "/compute/v2.1/servers/" + id, std::nullopt, alice);
  CHECK(gone.status == 404);
  CHECK(json::parse(gone.body).contains("itemNotFound"));
}

TEST_CASE("compute: flavors, admin-only creation, keypairs, microversions") {
  NovaOverHttp n;
  const std::string admin = n.token("admin", "secret", "admin");
  const std::string alice = n.token("alice", "pw", "demo");
  const json flavors =
      json::parse(n.call("GET", "/compute/v2.1/flavors/detail", std::nullopt, alice).body);
  CHECK(flavors["flavors"].size() == 5);
  CHECK(flavors["flavors"][0].contains("os-flavor-access:is_public"));
  const json flavor = {{"flavor", {{"name", "m1.nano"}, {"ram", 64}, {"vcpus", 1}, {"disk", 1}}}};
  const api::HttpResponse denied = n.call("POST", "/compute/v2.1/flavors", flavor, alice);
  CHECK(denied.status == 403);
  CHECK(json::parse(denied.body)["forbidden"]["code"] == 403);
  const api::HttpResponse made = n.call("POST", "/compute/v2.1/flavors", flavor, admin);
  REQUIRE(made.status == 200);
  CHECK(json::parse(made.body)["flavor"]["id"].get<std::string>().size() == 36);
  const api::HttpResponse bad =
      n.call("POST", "/compute/v2.1/flavors",
             json{{"flavor", {{"name", "x"}, {"ram", "lots"}, {"vcpus", 1}, {"disk", 1}}}}, admin);
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body)["badRequest"]["message"].get<std::string>().find("flavor.ram") !=
        std::string::npos);

  const std::string key =
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/"
      "F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/"
      "0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova";
  const api::HttpResponse kp =
      n.call("POST", "/compute/v2.1/os-keypairs",
             json{{"keypair", {{"name", "mykey"}, {"public_key", key}}}}, alice);
  REQUIRE(kp.status == 200);
  CHECK(json::parse(kp.body)["keypair"]["fingerprint"].get<std::string>().size() == 47);
  CHECK(json::parse(n.call("GET", "/compute/v2.1/os-keypairs", std::nullopt, alice)
                        .body)["keypairs"][0]["keypair"]["name"] == "mykey");

  const api::HttpResponse v = n.call("GET", "/compute/v2.1/flavors", std::nullopt, alice,
                                     {{"OpenStack-API-Version", "compute 2.60"}});
  CHECK(v.headers.get("OpenStack-API-Version") == "compute 2.60");
  CHECK(n.call("GET", "/compute/v2.1/flavors", std::nullopt, alice,
               {{"OpenStack-API-Version", "compute 2.999"}})
            .status == 406);
  CHECK(n.call("GET", "/compute/v2.1/limits", std::nullopt, alice).status == 200);
  CHECK(n.call("GET", "/compute", std::nullopt, "").status == 200);
}

TEST_CASE("compute: server groups, aggregates, hypervisors and services") {
  NovaOverHttp n;
  const std::string admin = n.token("admin", "secret", "admin");
  const std::string alice = n.token("alice", "pw", "demo");
  auto body = [](const api::HttpResponse& r) { return json::parse(r.body); };

  // Server groups: the 2.1 "policies" list, the 2.64 "policy" and "rules".
  const api::HttpResponse group =
      n.call("POST", "/compute/v2.1/os-server-groups",
             json{{"server_group", {{"name", "web"}, {"policies", {"anti-affinity"}}}}}, alice);
  REQUIRE(group.status == 200);
  CHECK(body(group)["server_group"]["policies"] == json::array({"anti-affinity"}));
  const std::string group_id = body(group)["server_group"]["id"];
  const api::HttpResponse v264 = n.call(
      "POST", "/compute/v2.1/os-server-groups",
      json{
          {"server_group",
           {{"name", "db"}, {"policy", "anti-affinity"}, {"rules", {{"max_server_per_host", 2}}}}}},
      alice, {{"OpenStack-API-Version", "compute 2.64"}});
  REQUIRE(v264.status == 200);
  CHECK(body(v264)["server_group"]["rules"]["max_server_per_host"] == 2);
  CHECK(body(n.call("GET", "/compute/v2.1/os-server-groups", std::nullopt, alice))["server_groups"]
            .size() == 2);
  CHECK(body(n.call("GET", "/compute/v2.1/os-server-groups", std::nullopt, admin))["server_groups"]
            .empty());
  CHECK(body(n.call("GET", "/compute/v2.1/os-server-groups?all_projects=True", std::nullopt,
                    admin))["server_groups"]
            .size() == 2);
  CHECK(
      n.call("DELETE", "/compute/v2.1/os-server-groups/" + group_id, std::nullopt, alice).status ==
      204);

  // Aggregates: admin only; actions return the aggregate.
  CHECK(n.call("GET", "/compute/v2.1/os-aggregates", std::nullopt, alice).status == 403);
  const api::HttpResponse agg =
      n.call("POST", "/compute/v2.1/os-aggregates",
             json{{"aggregate", {{"name", "ssd"}, {"availability_zone", "fast"}}}}, admin);
  REQUIRE(agg.status == 200);
  const std::string agg_id = std::to_string(body(agg)["aggregate"]["id"].get<std::int64_t>());
  const std::string action = "/compute/v2.1/os-aggregates/" + agg_id + "/action";
  const api::HttpResponse added =
      n.call("POST", action, json{{"add_host", {{"host", "cn1"}}}}, admin);
  REQUIRE(added.status == 200);
  CHECK(body(added)["aggregate"]["hosts"] == json::array({"cn1"}));
  const api::HttpResponse meta =
      n.call("POST", action, json{{"set_metadata", {{"metadata", {{"ssd", "true"}}}}}}, admin);
  CHECK(body(meta)["aggregate"]["metadata"]["ssd"] == "true");
  CHECK(body(meta)["aggregate"]["availability_zone"] == "fast");
  CHECK(body(n.call("GET", "/compute/v2.1/os-availability-zone", std::nullopt,
                    alice))["availabilityZoneInfo"]
            .size() == 2);
  CHECK(n.call("POST", action, json{{"remove_host", {{"host", "cn1"}}}}, admin).status == 200);
  CHECK(n.call("GET", "/compute/v2.1/os-aggregates/999", std::nullopt, admin).status == 404);
  CHECK(n.call("DELETE", "/compute/v2.1/os-aggregates/" + agg_id, std::nullopt, admin).status ==
        200);

  // Hypervisors see the booted server's usage.
  const api::HttpResponse created = n.call(
      "POST", "/compute/v2.1/servers",
      json{{"server", {{"name", "vm1"}, {"flavorRef", "2"}, {"imageRef", n.cloud.image_id}}}},
      alice);
  REQUIRE(created.status == 202);
  n.cloud.advance(std::chrono::minutes(5));
  CHECK(n.call("GET", "/compute/v2.1/os-hypervisors", std::nullopt, alice).status == 403);
  const json hypervisors =
      body(n.call("GET", "/compute/v2.1/os-hypervisors/detail", std::nullopt, admin));
  REQUIRE(hypervisors["hypervisors"].size() == 2);
  std::int64_t vms = 0;
  for (const json& h : hypervisors["hypervisors"]) {
    CHECK(h["state"] == "up");
    CHECK(h["vcpus"] == 8);
    vms += h["running_vms"].get<std::int64_t>();
  }
  CHECK(vms == 1);
  const json stats =
      body(n.call("GET", "/compute/v2.1/os-hypervisors/statistics", std::nullopt, admin));
  CHECK(stats["hypervisor_statistics"]["count"] == 2);
  CHECK(stats["hypervisor_statistics"]["vcpus"] == 16);
  CHECK(stats["hypervisor_statistics"]["memory_mb_used"] == 2048);
  CHECK(n.call("GET", "/compute/v2.1/os-hypervisors/1", std::nullopt, admin).status == 200);
  CHECK(n.call("GET", "/compute/v2.1/os-hypervisors/3", std::nullopt, admin).status == 404);

  // Services: list and the 2.1 disable/enable.
  const json services = body(n.call("GET", "/compute/v2.1/os-services", std::nullopt, admin));
  REQUIRE(services["services"].size() == 2);
  CHECK(services["services"][0]["binary"] == "nova-compute");
  CHECK(services["services"][0]["state"] == "up");
  const api::HttpResponse disabled = n.call(
      "PUT", "/compute/v2.1/os-services/disable-log-reason",
      json{{"host", "cn2"}, {"binary", "nova-compute"}, {"disabled_reason", "maintenance"}}, admin);
  REQUIRE(disabled.status == 200);
  CHECK(body(disabled)["service"]["status"] == "disabled");
  const json after = body(n.call("GET", "/compute/v2.1/os-services?host=cn2", std::nullopt, admin));
  CHECK(after["services"][0]["disabled_reason"] == "maintenance");
  CHECK(n.call("PUT", "/compute/v2.1/os-services/enable",
               json{{"host", "cn2"}, {"binary", "nova-compute"}}, alice)
            .status == 403);
}

TEST_CASE("compute: quota sets") {
  NovaOverHttp n;
  const std::string admin = n.token("admin", "secret", "admin");
  const std::string alice = n.token("alice", "pw", "demo");
  const std::string path = "/compute/v2.1/os-quota-sets/" + n.cloud.project_id;
  const api::HttpResponse shown = n.call("GET", path, std::nullopt, alice);
  REQUIRE(shown.status == 200);
  CHECK(json::parse(shown.body)["quota_set"]["instances"] == 10);
  CHECK(n.call("PUT", path, json{{"quota_set", {{"instances", 50}}}}, alice).status == 403);
  const api::HttpResponse bad =
      n.call("PUT", path, json{{"quota_set", {{"instances", 50}, {"cores", -5}}}}, admin);
  CHECK(bad.status == 400);
  const api::HttpResponse set =
      n.call("PUT", path, json{{"quota_set", {{"instances", 50}, {"cores", 100}}}}, admin);
  REQUIRE(set.status == 200);
  CHECK(json::parse(set.body)["quota_set"]["instances"] == 50);
  CHECK(json::parse(n.call("GET", "/compute/v2.1/limits", std::nullopt, alice)
                        .body)["limits"]["absolute"]["maxTotalInstances"] == 50);
}

namespace {

/// The networked test cloud (ports through NetworkBuildHooks) behind Identity and Compute, whose
/// servers show their addresses from the network service.
struct NetworkedNova {
  stacksim::network::testing::NetworkedCloud cloud;
  api::ApiApplication app{{}, cloud.keystone, cloud.sim};
  api::IdentityApi identity{app};
  api::ComputeApiRoutes compute{app, *cloud.nova, &cloud.neutron};
  std::string alice;

  NetworkedNova() {
    identity.add_routes(app.routes());
    compute.add_routes(app.routes());
    alice = token();
  }

  std::string token() {
    const json auth = {
        {"auth",
         {{"identity",
           {{"methods", {"password"}},
            {"password",
             {{"user",
               {{"name", "alice"}, {"domain", {{"id", "default"}}}, {"password", "pw"}}}}}}},
          {"scope", {{"project", {{"name", "demo"}, {"domain", {{"id", "default"}}}}}}}}}};
    const api::HttpResponse r = call("POST", "/v3/auth/tokens", auth.dump());
    REQUIRE(r.status == 201);
    return *r.headers.get("X-Subject-Token");
  }

  api::HttpResponse call(const std::string& method, const std::string& path,
                         std::string body = {}) {
    api::HttpRequest r;
    r.method = method;
    r.path = path;
    r.body = std::move(body);
    r.headers.add("X-Auth-Token", alice);
    std::optional<api::HttpResponse> out;
    app.handle(std::move(r), [&out](api::HttpResponse resp) { out = std::move(resp); });
    REQUIRE(out.has_value());
    return *out;
  }
  json get(const std::string& path) {
    const api::HttpResponse r = call("GET", "/compute/v2.1" + path);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  }
};

json address(const std::string& addr, const char* type, const std::string& mac) {
  return {
      {"version", 4}, {"addr", addr}, {"OS-EXT-IPS:type", type}, {"OS-EXT-IPS-MAC:mac_addr", mac}};
}

}  // namespace

TEST_CASE("compute: server addresses from the ports, fixed and floating, in show and detail") {
  namespace network = stacksim::network;
  NetworkedNova n;
  network::NetworkService& neutron = n.cloud.neutron;
  const network::Network priv = n.cloud.tenant_network("private", "192.168.1.0/24");
  // The install guide's self-service layout: a router from the private subnet to the provider
  // network, which hands out floating IPs.
  network::NetworkRequest ext;
  ext.project_id = n.cloud.admin.project_id;
  ext.name = "provider";
  ext.shared = true;
  ext.router_external = true;
  ext.network_type = network::NetworkType::flat;
  ext.physical_network = "provider";
  const network::Network provider = neutron.create_network(ext);
  network::SubnetRequest ext_subnet;
  ext_subnet.project_id = ext.project_id;
  ext_subnet.network_id = provider.id;
  ext_subnet.cidr = "203.0.113.0/24";
  ext_subnet.enable_dhcp = false;
  neutron.create_subnet(ext_subnet);
  network::RouterRequest router;
  router.project_id = n.cloud.project_id;
  router.name = "router";
  const network::Router r = neutron.create_router(router);
  neutron.set_router_gateway(r.id, {provider.id, true, {}});
  neutron.add_router_interface_subnet(r.id, neutron.get_network(priv.id).subnets.front());

  stacksim::compute::NetworkRequest on_private;
  on_private.mode = stacksim::compute::NetworkRequest::Mode::listed;
  on_private.entries.push_back({priv.id, "", ""});
  const std::string vm1 = n.cloud.boot("vm1", on_private).uuid;
  stacksim::compute::NetworkRequest no_network;
  no_network.mode = stacksim::compute::NetworkRequest::Mode::none;
  const std::string vm2 = n.cloud.boot("vm2", no_network).uuid;
  const std::vector<network::Port> ports = neutron.instance_ports(vm1);
  REQUIRE(ports.size() == 1);
  const network::Port& port = ports.front();
  const std::string fixed = port.fixed_ips.front().ip_address;
  CHECK(fixed.starts_with("192.168.1."));

  // Fixed address only.
  json shown = n.get("/servers/" + vm1)["server"];
  CHECK(shown["addresses"] == json{{"private", {address(fixed, "fixed", port.mac_address)}}});

  // The floating address follows the fixed one it translates to, on the same network.
  const network::FloatingIp fip =
      neutron.create_floating_ip({n.cloud.project_id, provider.id, {}, port.id, {}, ""});
  const json expected = {{"private",
                          {address(fixed, "fixed", port.mac_address),
                           address(fip.floating_ip_address, "floating", port.mac_address)}}};
  shown = n.get("/servers/" + vm1)["server"];
  CHECK(shown["addresses"] == expected);
  CHECK(n.get("/servers/" + vm2)["server"]["addresses"] == json::object());

  const json detail = n.get("/servers/detail")["servers"];
  REQUIRE(detail.size() == 2);
  CHECK(detail[0]["id"] == vm1);
  CHECK(detail[0]["addresses"] == expected);
  CHECK(detail[1]["addresses"] == json::object());
  // The index view stays id, name and links.
  const json index = n.get("/servers")["servers"];
  REQUIRE(index.size() == 2);
  CHECK_FALSE(index[0].contains("addresses"));
}

TEST_CASE("compute: a repeated server list follows every create, state change and delete") {
  NovaOverHttp n;
  const std::string alice = n.token("alice", "pw", "demo");
  const std::string admin = n.token("admin", "secret", "admin");
  auto list = [&](const std::string& query, const std::string& token) {
    const api::HttpResponse r = n.call("GET", "/compute/v2.1/servers" + query, std::nullopt, token);
    REQUIRE(r.status == 200);
    return json::parse(r.body)["servers"];
  };
  CHECK(list("", alice).empty());
  const std::string a = n.cloud.boot("a").uuid;
  CHECK(list("", alice).size() == 1);
  CHECK(list("?status=BUILD", alice).size() == 1);
  CHECK(list("?status=ACTIVE", alice).empty());
  n.cloud.settle();
  CHECK(list("?status=BUILD", alice).empty());
  CHECK(list("?status=ACTIVE", alice).size() == 1);
  // Another project's server: only the admin's all-tenants list shows it, and alice's list is
  // not the admin's.
  static_cast<void>(n.cloud.boot("other", "2", &n.cloud.admin));
  CHECK(list("", alice).size() == 1);
  CHECK(list("?all_tenants=1", admin).size() == 2);
  CHECK(list("", admin).size() == 1);
  CHECK(n.call("GET", "/compute/v2.1/servers?all_tenants=1", std::nullopt, alice).status == 403);
  CHECK(list("?name=a", alice).size() == 1);
  CHECK(list("?name=zzz", alice).empty());
  CHECK(n.call("DELETE", "/compute/v2.1/servers/" + a, std::nullopt, alice).status == 204);
  n.cloud.settle();
  CHECK(list("", alice).empty());
  CHECK(list("?all_tenants=1", admin).size() == 1);
}
