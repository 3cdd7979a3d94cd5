#include <catch2/catch.hpp>

#include "tests/api/api_fixture.hpp"

using nlohmann::json;
using stacksim::testing::ApiFixture;
using stacksim::testing::ApiReply;

namespace {

ApiReply upload(ApiFixture& f, const std::string& id, const std::string& data,
                const std::string& token) {
  stacksim::api::HttpRequest r;
  r.method = "PUT";
  r.path = "/image/v2/images/" + id + "/file";
  r.body = data;
  r.headers.add("X-Auth-Token", token);
  r.headers.add("Content-Type", "application/octet-stream");
  r.headers.add("Content-Length", std::to_string(data.size()));
  return f.send(r);
}

ApiReply patch(ApiFixture& f, const std::string& id, const json& ops, const std::string& token) {
  return f.call("PATCH", "/image/v2/images/" + id, ops, token,
                {{"Content-Type", "application/openstack-images-v2.1-json-patch"}});
}

}  // namespace

TEST_CASE("image versions at /image are Glance's") {
  ApiFixture f;
  const ApiReply r = f.call("GET", "/image");
  CHECK(r.status == 300);
  CHECK(r.json()["versions"][0]["id"] == "v2.16");
  CHECK(r.json()["versions"][0]["links"][0]["href"] == "http://127.0.0.1:5000/image/v2/");
}

TEST_CASE("create, upload and show an image as openstack image create does") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const ApiReply c = f.call("POST", "/image/v2/images",
                            json{{"name", "cirros"},
                                 {"disk_format", "qcow2"},
                                 {"container_format", "bare"},
                                 {"visibility", "public"},
                                 {"owner_specified.openstack.md5", "abc"}},
                            admin);
  REQUIRE(c.status == 201);
  const json img = c.json();
  CHECK(img["status"] == "queued");
  CHECK(img["size"].is_null());
  CHECK(img["checksum"].is_null());
  CHECK(img["owner_specified.openstack.md5"] == "abc");
  CHECK(img["file"] == "/v2/images/" + img["id"].get<std::string>() + "/file");
  const std::string id = img["id"];

  const ApiReply up = upload(f, id, "hello", admin);
  CHECK(up.status == 204);
  // The upload took simulated time (a transfer through the storage driver).
  CHECK(f.sim().now() > stacksim::runtime::TimePoint{});
  REQUIRE(f.storage().transfers.size() == 1);
  CHECK(f.storage().transfers[0].source == "controller");
  const json shown = f.call("GET", "/image/v2/images/" + id, std::nullopt, admin).json();
  CHECK(shown["status"] == "active");
  CHECK(shown["size"] == 5);
  CHECK(shown["checksum"] == "5d41402abc4b2a76b9719d911017c592");
  CHECK(shown["os_hash_algo"] == "sha512");

  // A member of another project sees the public image.
  f.make_member("demo", "demo", "demo-pw");
  const std::string member = f.token_for("demo", "demo-pw", "demo");
  const ApiReply list = f.call("GET", "/image/v2/images", std::nullopt, member);
  REQUIRE(list.json()["images"].size() == 1);
  CHECK(list.json()["schema"] == "/v2/schemas/images");
  // But cannot delete it (403, Glance's plain-text body).
  const ApiReply del = f.call("DELETE", "/image/v2/images/" + id, std::nullopt, member);
  CHECK(del.status == 403);
  CHECK(del.content_type.starts_with("text/plain"));
}

TEST_CASE("image validation and read-only attributes") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  CHECK(
      f.call("POST", "/image/v2/images", json{{"name", "x"}, {"status", "active"}}, admin).status ==
      403);
  const ApiReply bad_format =
      f.call("POST", "/image/v2/images", json{{"name", "x"}, {"disk_format", "floppy"}}, admin);
  CHECK(bad_format.status == 400);
  const ApiReply bad_prop =
      f.call("POST", "/image/v2/images", json{{"name", "x"}, {"hw_cpu_cores", 4}}, admin);
  CHECK(bad_prop.status == 400);
  CHECK(bad_prop.body.find("hw_cpu_cores") != std::string::npos);
  const ApiReply missing =
      f.call("GET", "/image/v2/images/00000000-0000-4000-8000-000000000000", std::nullopt, admin);
  CHECK(missing.status == 404);
  CHECK(missing.body.find("No image found with ID") != std::string::npos);
}

TEST_CASE("JSON-patch updates, tags, pagination and members") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(
        f.call("POST", "/image/v2/images", json{{"name", "img" + std::to_string(i)}}, admin)
            .json()["id"]);
  }
  const ApiReply p =
      patch(f, ids[0],
            json::array({{{"op", "replace"}, {"path", "/name"}, {"value", "renamed"}},
                         {{"op", "add"}, {"path", "/hw_disk_bus"}, {"value", "scsi"}},
                         {{"op", "replace"}, {"path", "/tags"}, {"value", {"a", "b"}}}}),
            admin);
  REQUIRE(p.status == 200);
  CHECK(p.json()["name"] == "renamed");
  CHECK(p.json()["hw_disk_bus"] == "scsi");
  CHECK(p.json()["tags"] == json::array({"a", "b"}));
  CHECK(f.call("PATCH", "/image/v2/images/" + ids[0], json::array(), admin).status == 415);
  CHECK(f.call("DELETE", "/image/v2/images/" + ids[0] + "/tags/a", std::nullopt, admin).status ==
        204);

  const ApiReply page1 = f.call("GET", "/image/v2/images?limit=2", std::nullopt, admin);
  REQUIRE(page1.json()["images"].size() == 2);
  const std::string last = page1.json()["images"][1]["id"];
  CHECK(page1.json()["next"] == "/v2/images?marker=" + last + "&limit=2");
  const ApiReply page2 =
      f.call("GET", "/image/v2/images?marker=" + last + "&limit=2", std::nullopt, admin);
  CHECK(page2.json()["images"].size() == 1);
  CHECK(!page2.json().contains("next"));

  const auto [demo, user] = f.make_member("demo", "demo", "demo-pw");
  const ApiReply m =
      f.call("POST", "/image/v2/images/" + ids[2] + "/members", json{{"member", demo}}, admin);
  REQUIRE(m.status == 200);
  CHECK(m.json()["status"] == "pending");
  const std::string member = f.token_for("demo", "demo-pw", "demo");
  CHECK(f.call("PUT", "/image/v2/images/" + ids[2] + "/members/" + demo,
               json{{"status", "accepted"}}, member)
            .json()["status"] == "accepted");
  CHECK(f.call("GET", "/image/v2/images/" + ids[2], std::nullopt, member).status == 200);
  CHECK(f.call("GET", "/image/v2/images/" + ids[0], std::nullopt, member).status == 404);
}
