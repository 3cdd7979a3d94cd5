#include <catch2/catch.hpp>

#include "tests/api/api_fixture.hpp"

using nlohmann::json;
using stacksim::testing::ApiFixture;
using stacksim::testing::ApiReply;

TEST_CASE("version discovery at / and /v3 needs no token") {
  ApiFixture f;
  const ApiReply root = f.call("GET", "/");
  CHECK(root.status == 300);
  CHECK(root.json()["versions"]["values"][0]["id"] == "v3.14");
  const ApiReply v3 = f.call("GET", "/v3");
  CHECK(v3.status == 200);
  CHECK(v3.json()["version"]["links"][0]["href"] == "http://127.0.0.1:5000/v3/");
  CHECK(v3.json()["version"]["media-types"][0]["type"] ==
        "application/vnd.openstack.identity-v3+json");
  CHECK(!v3.header("x-openstack-request-id").empty());
}

TEST_CASE("password token: X-Subject-Token, project scope, roles and catalog") {
  ApiFixture f;
  const ApiReply r = f.call("POST", "/v3/auth/tokens",
                            ApiFixture::password_auth("admin", "secret-admin-pw", "admin"));
  REQUIRE(r.status == 201);
  CHECK(r.header("X-Subject-Token").size() == 64);
  const json t = r.json()["token"];
  CHECK(t["methods"] == json::array({"password"}));
  CHECK(t["user"]["name"] == "admin");
  CHECK(t["user"]["domain"] == json{{"id", "default"}, {"name", "Default"}});
  CHECK(t["project"]["name"] == "admin");
  CHECK(t["project"]["domain"]["name"] == "Default");
  CHECK(t["is_domain"] == false);
  CHECK(t["expires_at"].get<std::string>().ends_with(".000000Z"));
  CHECK(t["expires_at"] == "1970-01-01T01:00:00.000000Z");
  bool admin = false;
  for (const json& role : t["roles"])
    admin = admin || role["name"] == "admin";
  CHECK(admin);
  REQUIRE(t["catalog"].size() == 1);
  CHECK(t["catalog"][0]["type"] == "identity");
  CHECK(t["catalog"][0]["endpoints"].size() == 3);
  CHECK(t["catalog"][0]["endpoints"][0]["url"] == "http://127.0.0.1:5000/v3");

  // ?nocatalog leaves the catalog out.
  const ApiReply n = f.call("POST", "/v3/auth/tokens?nocatalog",
                            ApiFixture::password_auth("admin", "secret-admin-pw", "admin"));
  CHECK(!n.json()["token"].contains("catalog"));
}

TEST_CASE("bad credentials get Keystone's 401 body without echoing anything") {
  ApiFixture f;
  const ApiReply wrong =
      f.call("POST", "/v3/auth/tokens", ApiFixture::password_auth("admin", "nope", "admin"));
  CHECK(wrong.status == 401);
  CHECK(wrong.json() == json{{"error",
                              {{"code", 401},
                               {"message", "The request you have made requires authentication."},
                               {"title", "Unauthorized"}}}});
  CHECK(wrong.header("WWW-Authenticate") == "Keystone uri=\"http://127.0.0.1:5000/v3\"");
  // An unknown user or project looks the same as a wrong password.
  CHECK(
      f.call("POST", "/v3/auth/tokens", ApiFixture::password_auth("ghost", "x", "admin")).status ==
      401);
  CHECK(f.call("POST", "/v3/auth/tokens",
               ApiFixture::password_auth("admin", "secret-admin-pw", "nowhere"))
            .status == 401);
}

TEST_CASE("token method rescopes; unscoped tokens have no catalog") {
  ApiFixture f;
  const ApiReply unscoped =
      f.call("POST", "/v3/auth/tokens", ApiFixture::password_auth("admin", "secret-admin-pw", ""));
  REQUIRE(unscoped.status == 201);
  // The admin user's default project scopes a request without a scope, as in Keystone.
  CHECK(unscoped.json()["token"]["project"]["name"] == "admin");

  const json rescope = {
      {"auth",
       {{"identity",
         {{"methods", {"token"}}, {"token", {{"id", unscoped.header("X-Subject-Token")}}}}},
        {"scope", {{"domain", {{"id", "default"}}}}}}}};
  const ApiReply d = f.call("POST", "/v3/auth/tokens", rescope);
  REQUIRE(d.status == 201);
  // Keystone lists the original methods plus "token".
  CHECK(d.json()["token"]["methods"] == json::array({"password", "token"}));
  CHECK(d.json()["token"]["domain"]["id"] == "default");
  CHECK(!d.json()["token"].contains("project"));

  // Rescoping a rescoped token does not list "token" twice.
  const json again = {
      {"auth",
       {{"identity", {{"methods", {"token"}}, {"token", {{"id", d.header("X-Subject-Token")}}}}},
        {"scope", {{"project", {{"name", "admin"}, {"domain", {{"id", "default"}}}}}}}}}};
  const ApiReply p = f.call("POST", "/v3/auth/tokens", again);
  REQUIRE(p.status == 201);
  CHECK(p.json()["token"]["methods"] == json::array({"password", "token"}));
  CHECK(p.json()["token"]["project"]["name"] == "admin");
}

TEST_CASE("validate, check and revoke a token") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const std::string other = f.admin_token();
  const ApiReply v =
      f.call("GET", "/v3/auth/tokens", std::nullopt, admin, {{"X-Subject-Token", other}});
  CHECK(v.status == 200);
  CHECK(v.header("X-Subject-Token") == other);
  CHECK(v.json()["token"]["user"]["name"] == "admin");
  CHECK(
      f.call("HEAD", "/v3/auth/tokens", std::nullopt, admin, {{"X-Subject-Token", other}}).status ==
      200);
  const ApiReply bogus = f.call("GET", "/v3/auth/tokens", std::nullopt, admin,
                                {{"X-Subject-Token", std::string(64, 'a')}});
  CHECK(bogus.status == 404);
  CHECK(bogus.json()["error"]["message"] == "Failed to validate token");
  CHECK(f.call("GET", "/v3/auth/tokens", std::nullopt, admin).status == 400);

  CHECK(f.call("DELETE", "/v3/auth/tokens", std::nullopt, admin, {{"X-Subject-Token", other}})
            .status == 204);
  // The revoked token no longer authenticates anything.
  CHECK(f.call("GET", "/v3/projects", std::nullopt, other).status == 401);
  CHECK(f.call("GET", "/v3/projects", std::nullopt, admin).status == 200);
}

TEST_CASE("tokens expire on the control plane's clock") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  CHECK(f.call("GET", "/v3/projects", std::nullopt, admin).status == 200);
  f.sim().run_until(f.sim().now() + std::chrono::seconds(3601));
  CHECK(f.call("GET", "/v3/projects", std::nullopt, admin).status == 401);
}

TEST_CASE("every call but discovery and token issue needs a token") {
  ApiFixture f;
  for (const char* path : {"/v3/projects", "/v3/users", "/v3/roles", "/v3/services",
                           "/v3/endpoints", "/v3/domains", "/v3/auth/catalog"}) {
    const ApiReply r = f.call("GET", path);
    CHECK(r.status == 401);
    CHECK(r.json()["error"]["title"] == "Unauthorized");
  }
  CHECK(f.call("GET", "/v3/projects", std::nullopt, "not-a-token").status == 401);
}

TEST_CASE("projects, users, roles and grants as the install guide creates them") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const ApiReply p = f.call(
      "POST", "/v3/projects",
      json{{"project",
            {{"name", "service"}, {"domain_id", "default"}, {"description", "Service Project"}}}},
      admin);
  REQUIRE(p.status == 201);
  CHECK(p.json()["project"]["description"] == "Service Project");
  CHECK(p.json()["project"]["links"]["self"].get<std::string>().starts_with(
      "http://127.0.0.1:5000/v3/projects/"));
  CHECK(f.call("POST", "/v3/projects",
               json{{"project", {{"name", "service"}, {"domain_id", "default"}}}}, admin)
            .status == 409);

  const ApiReply role = f.call("POST", "/v3/roles", json{{"role", {{"name", "myrole"}}}}, admin);
  REQUIRE(role.status == 201);
  const ApiReply found = f.call("GET", "/v3/roles?name=myrole", std::nullopt, admin);
  REQUIRE(found.json()["roles"].size() == 1);
  CHECK(found.json()["roles"][0]["id"] == role.json()["role"]["id"]);

  const auto [demo, demo_user] = f.make_member("demo", "demo", "demo-pw");
  const std::string grant = "/v3/projects/" + demo + "/users/" + demo_user + "/roles/" +
                            role.json()["role"]["id"].get<std::string>();
  CHECK(f.call("HEAD", grant, std::nullopt, admin).status == 404);
  CHECK(f.call("PUT", grant, std::nullopt, admin).status == 204);
  CHECK(f.call("HEAD", grant, std::nullopt, admin).status == 204);
  const ApiReply roles =
      f.call("GET", "/v3/projects/" + demo + "/users/" + demo_user + "/roles", std::nullopt, admin);
  CHECK(roles.json()["roles"].size() == 2);
  const ApiReply assignments = f.call(
      "GET", "/v3/role_assignments?user.id=" + demo_user + "&include_names=1", std::nullopt, admin);
  REQUIRE(assignments.json()["role_assignments"].size() == 2);
  CHECK(assignments.json()["role_assignments"][0]["scope"]["project"]["name"] == "demo");
  CHECK(f.call("DELETE", grant, std::nullopt, admin).status == 204);
  CHECK(f.call("HEAD", grant, std::nullopt, admin).status == 404);

  // The demo user authenticates into its project.
  const ApiReply t =
      f.call("POST", "/v3/auth/tokens", ApiFixture::password_auth("demo", "demo-pw", "demo"));
  CHECK(t.status == 201);
  CHECK(t.json()["token"]["roles"][0]["name"] == "member");
}

TEST_CASE("a member is refused admin calls with 403 and sees only its own project") {
  ApiFixture f;
  const auto [demo, user] = f.make_member("demo", "demo", "demo-pw");
  const std::string member = f.token_for("demo", "demo-pw", "demo");
  const ApiReply list = f.call("GET", "/v3/projects", std::nullopt, member);
  CHECK(list.status == 403);
  CHECK(list.json() ==
        json{{"error",
              {{"code", 403},
               {"message", "Policy doesn't allow identity:list_projects to be performed."},
               {"title", "Forbidden"}}}});
  CHECK(f.call("GET", "/v3/projects/" + demo, std::nullopt, member).status == 200);
  CHECK(f.call("GET", "/v3/projects/" + f.boot().project.id, std::nullopt, member).status == 403);
  CHECK(f.call("POST", "/v3/users", json{{"user", {{"name", "x"}}}}, member).status == 403);
  CHECK(f.call("GET", "/v3/users/" + user, std::nullopt, member).status == 200);
  CHECK(f.call("GET", "/v3/users/" + f.boot().user.id, std::nullopt, member).status == 403);
  const ApiReply mine = f.call("GET", "/v3/auth/projects", std::nullopt, member);
  REQUIRE(mine.json()["projects"].size() == 1);
  CHECK(mine.json()["projects"][0]["id"] == demo);
  // A member may validate its own token but not the admin's.
  const std::string admin = f.admin_token();
  CHECK(f.call("GET", "/v3/auth/tokens", std::nullopt, member, {{"X-Subject-Token", member}})
            .status == 200);
  CHECK(
      f.call("GET", "/v3/auth/tokens", std::nullopt, member, {{"X-Subject-Token", admin}}).status ==
      403);
}

TEST_CASE("disabling a user or changing its password revokes its tokens") {
  ApiFixture f;
  const auto [demo, user] = f.make_member("demo", "demo", "demo-pw");
  const std::string admin = f.admin_token();
  std::string member = f.token_for("demo", "demo-pw", "demo");
  const json change = {{"user", {{"original_password", "demo-pw"}, {"password", "new-pw"}}}};
  CHECK(f.call("POST", "/v3/users/" + user + "/password", change, member).status == 204);
  CHECK(f.call("GET", "/v3/users/" + user, std::nullopt, member).status == 401);
  member = f.token_for("demo", "new-pw", "demo");
  CHECK(f.call("PATCH", "/v3/users/" + user, json{{"user", {{"enabled", false}}}}, admin).status ==
        200);
  CHECK(f.call("GET", "/v3/users/" + user, std::nullopt, member).status == 401);
  CHECK(f.call("POST", "/v3/auth/tokens", ApiFixture::password_auth("demo", "new-pw", "demo"))
            .status == 401);
}

TEST_CASE("catalog: services, endpoints and regions") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const ApiReply s =
      f.call("POST", "/v3/services",
             json{{"service",
                   {{"type", "image"}, {"name", "glance"}, {"description", "OpenStack Image"}}}},
             admin);
  REQUIRE(s.status == 201);
  const std::string sid = s.json()["service"]["id"];
  for (const char* iface : {"public", "internal", "admin"}) {
    const ApiReply e = f.call("POST", "/v3/endpoints",
                              json{{"endpoint",
                                    {{"service_id", sid},
                                     {"interface", iface},
                                     {"url", "http://controller:9292"},
                                     {"region_id", "RegionOne"}}}},
                              admin);
    REQUIRE(e.status == 201);
    CHECK(e.json()["endpoint"]["region"] == "RegionOne");
  }
  CHECK(f.call("GET", "/v3/endpoints?service_id=" + sid, std::nullopt, admin)
            .json()["endpoints"]
            .size() == 3);
  CHECK(f.call("GET", "/v3/services?type=image", std::nullopt, admin).json()["services"].size() ==
        1);
  const ApiReply bad = f.call("POST", "/v3/endpoints",
                              json{{"endpoint",
                                    {{"service_id", sid},
                                     {"interface", "sideways"},
                                     {"url", "http://x"},
                                     {"region_id", "RegionOne"}}}},
                              admin);
  CHECK(bad.status == 400);
  // The new service is in the next token's catalog.
  const ApiReply t = f.call("POST", "/v3/auth/tokens",
                            ApiFixture::password_auth("admin", "secret-admin-pw", "admin"));
  CHECK(t.json()["token"]["catalog"].size() == 2);
  CHECK(f.call("GET", "/v3/regions", std::nullopt, admin).json()["regions"][0]["id"] ==
        "RegionOne");
  CHECK(f.call("DELETE", "/v3/regions/RegionOne", std::nullopt, admin).status == 409);
}

TEST_CASE("request validation: 400 naming the field, 413 over the body limit") {
  stacksim::api::ApiConfig config;
  config.max_body_bytes = 256;
  ApiFixture f(config);
  const std::string admin = f.admin_token();
  const ApiReply missing =
      f.call("POST", "/v3/projects", json{{"project", {{"domain_id", "default"}}}}, admin);
  CHECK(missing.status == 400);
  CHECK(missing.json()["error"]["message"] ==
        "Invalid input for field 'project': 'name' is a required property.");
  const ApiReply wrong_type =
      f.call("POST", "/v3/projects", json{{"project", {{"name", 5}}}}, admin);
  CHECK(wrong_type.status == 400);
  CHECK(wrong_type.json()["error"]["message"] ==
        "Invalid input for field 'project.name': 5 is not of type 'string'.");

  stacksim::api::HttpRequest raw;
  raw.method = "POST";
  raw.path = "/v3/auth/tokens";
  raw.body = "{not json";
  CHECK(f.send(raw).status == 400);

  const ApiReply big =
      f.call("POST", "/v3/projects",
             json{{"project", {{"name", "p"}, {"description", std::string(300, 'x')}}}}, admin);
  CHECK(big.status == 413);
  CHECK(big.json()["error"]["title"] == "Request Entity Too Large");
}

TEST_CASE("unknown paths are 404 and wrong methods 405 with Allow") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  CHECK(f.call("GET", "/v3/nothing", std::nullopt, admin).status == 404);
  const ApiReply m = f.call("PUT", "/v3/projects", std::nullopt, admin);
  CHECK(m.status == 405);
  CHECK(m.header("Allow") == "GET, POST");
}
