#include <catch2/catch.hpp>

#include <optional>

#include "core/api/api_application.hpp"
#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/identity/identity_api.hpp"
#include "tests/compute/compute_cloud.hpp"

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
