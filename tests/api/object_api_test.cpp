#include <catch2/catch.hpp>

#include "core/api/object/object_api.hpp"
#include "core/api/object/swift_headers.hpp"
#include "core/objectstore/digest.hpp"
#include "core/objectstore/object_service.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "tests/api/api_fixture.hpp"

using nlohmann::json;
using stacksim::testing::ApiFixture;
using stacksim::testing::ApiReply;
namespace api = stacksim::api;
namespace objectstore = stacksim::objectstore;

namespace {

const objectstore::HashPathConfig salt{"", "object-api-test"};

/// Five object servers, one device each in its own zone, 3 replicas: the Havana guide's layout.
objectstore::RingData five_zone_ring() {
  objectstore::RingBuilder builder(6, 3, 1);
  for (int i = 1; i <= 5; ++i) {
    builder.add_dev(
        objectstore::make_device(1, i, "object" + std::to_string(i), 6200, "sdb1", 100));
  }
  builder.rebalance(std::uint64_t{1}, 0);
  return builder.get_ring();
}

objectstore::ObjectCluster test_cluster(stacksim::runtime::StorageDriver& storage) {
  objectstore::ObjectCluster cluster(salt);
  cluster.add_ring("object", five_zone_ring(), {});
  cluster.add_ring("container", five_zone_ring(), {});
  cluster.set_storage(storage, "controller");
  return cluster;
}

/// The API fixture with Swift's routes over an object service on a five-server cluster.
struct SwiftFixture {
  ApiFixture f;
  objectstore::ObjectService objects{f.db(), f.sim(), test_cluster(f.storage())};
  api::ObjectApi routes{f.app(), objects};
  std::string admin;
  std::string account;

  SwiftFixture() {
    routes.add_routes(f.app().routes());
    admin = f.admin_token();
    account = "/v1/AUTH_" + f.boot().project.id;
  }

  ApiReply call(const std::string& method, const std::string& path,
                std::vector<std::pair<std::string, std::string>> headers = {},
                std::string body = {}, const std::string& token = {}) {
    api::HttpRequest r = stacksim::testing::make_request(
        method, path, std::nullopt, token.empty() ? admin : token, std::move(headers));
    r.body = std::move(body);
    return f.send(std::move(r));
  }
};

const std::string not_found =
    "<html><h1>Not Found</h1><p>The resource could not be found.</p></html>";

}  // namespace

TEST_CASE("GET /info is public and describes Swift's constraints") {
  SwiftFixture s;
  const ApiReply r = s.f.call("GET", "/info");
  REQUIRE(r.status == 200);
  CHECK(r.json()["swift"]["container_listing_limit"] == 10000);
  CHECK(r.json()["swift"]["max_file_size"] == api::ApiConfig{}.max_upload_bytes);
}

TEST_CASE("containers: create, metadata, counts, delete") {
  SwiftFixture s;
  const std::string c = s.account + "/photos";
  CHECK(s.call("HEAD", c).status == 404);
  const ApiReply created = s.call("PUT", c, {{"X-Container-Meta-Color", "blue"}});
  CHECK(created.status == 201);
  CHECK(s.call("PUT", c).status == 202);
  ApiReply head = s.call("HEAD", c);
  CHECK(head.status == 204);
  CHECK(head.header("X-Container-Object-Count") == "0");
  CHECK(head.header("X-Container-Bytes-Used") == "0");
  CHECK(head.header("X-Container-Meta-Color") == "blue");
  CHECK(head.header("X-Storage-Policy") == "Policy-0");
  CHECK(head.header("X-Timestamp").size() == 16);

  CHECK(s.call("POST", c,
               {{"x-container-meta-size", "large"}, {"X-Remove-Container-Meta-Color", "x"}})
            .status == 204);
  head = s.call("HEAD", c);
  CHECK(head.header("X-Container-Meta-Size") == "large");
  CHECK_FALSE(head.headers.contains("X-Container-Meta-Color"));

  // An empty container lists as 204 in plain text, [] in JSON.
  CHECK(s.call("GET", c).status == 204);
  const ApiReply json_list = s.call("GET", c + "?format=json");
  CHECK(json_list.status == 200);
  CHECK(json_list.body == "[]");

  // The account lists the container.
  const ApiReply account = s.call("GET", s.account + "?format=json");
  REQUIRE(account.status == 200);
  CHECK(account.json()[0]["name"] == "photos");
  CHECK(account.header("X-Account-Container-Count") == "1");

  CHECK(s.call("DELETE", c).status == 204);
  const ApiReply gone = s.call("DELETE", c);
  CHECK(gone.status == 404);
  CHECK(gone.body == not_found);
  CHECK(gone.content_type == "text/html; charset=UTF-8");
}

TEST_CASE("object PUT is placed by the ring and written to its servers through the backend") {
  SwiftFixture s;
  REQUIRE(s.call("PUT", s.account + "/docs").status == 201);
  s.f.storage().transfers.clear();
  const ApiReply put = s.call("PUT", s.account + "/docs/notes/readme.txt",
                              {{"X-Object-Meta-Author", "ada"}}, "hello swift");
  REQUIRE(put.status == 201);
  CHECK(put.header("ETag") == objectstore::md5_hex("hello swift"));

  // One write per primary, from the proxy host to each device's host, with the object's bytes.
  const objectstore::Ring ring(five_zone_ring(), salt);
  const auto [part, primaries] =
      ring.get_nodes("AUTH_" + s.f.boot().project.id, "docs", "notes/readme.txt");
  REQUIRE(s.f.storage().transfers.size() == 3);
  std::string expected_devices;
  for (std::size_t i = 0; i < primaries.size(); ++i) {
    CHECK(s.f.storage().transfers[i].source == "controller");
    CHECK(s.f.storage().transfers[i].destination == primaries[i].device.ip);
    CHECK(s.f.storage().transfers[i].bytes == 11);
    if (i > 0) expected_devices.push_back(',');
    expected_devices += std::to_string(primaries[i].device.id);
  }

  const ApiReply head = s.call("HEAD", s.account + "/docs/notes/readme.txt");
  REQUIRE(head.status == 200);
  CHECK(head.header("Content-Length") == "11");
  CHECK(head.header("X-Stacksim-Object-Partition") == std::to_string(part));
  CHECK(head.header("X-Stacksim-Object-Devices") == expected_devices);
  CHECK(head.content_type == "text/plain");
  CHECK(head.header("X-Object-Meta-Author") == "ada");
  CHECK(head.header("Last-Modified").ends_with(" GMT"));

  s.f.storage().transfers.clear();
  const ApiReply get = s.call("GET", s.account + "/docs/notes/readme.txt");
  CHECK(get.status == 200);
  CHECK(get.body == "hello swift");
  // A GET reads from the first primary only.
  REQUIRE(s.f.storage().transfers.size() == 1);
  CHECK(s.f.storage().transfers[0].source == primaries[0].device.ip);

  const ApiReply range =
      s.call("GET", s.account + "/docs/notes/readme.txt", {{"Range", "bytes=6-"}});
  CHECK(range.status == 206);
  CHECK(range.body == "swift");
  CHECK(range.header("Content-Range") == "bytes 6-10/11");
  CHECK(s.call("GET", s.account + "/docs/notes/readme.txt", {{"Range", "bytes=-3"}}).body == "ift");
  CHECK(s.call("GET", s.account + "/docs/notes/readme.txt", {{"Range", "bytes=20-30"}}).status ==
        416);

  const ApiReply c = s.call("HEAD", s.account + "/docs");
  CHECK(c.header("X-Container-Object-Count") == "1");
  CHECK(c.header("X-Container-Bytes-Used") == "11");
  const ApiReply a = s.call("HEAD", s.account);
  CHECK(a.status == 204);
  CHECK(a.header("X-Account-Object-Count") == "1");
  CHECK(a.header("X-Account-Bytes-Used") == "11");
  // A container that still holds objects cannot be deleted.
  CHECK(s.call("DELETE", s.account + "/docs").status == 409);
}

TEST_CASE("object PUT preconditions: If-None-Match, ETag, missing container, long names") {
  SwiftFixture s;
  CHECK(s.call("PUT", s.account + "/none/x", {}, "data").status == 404);
  REQUIRE(s.call("PUT", s.account + "/c").status == 201);
  const std::string o = s.account + "/c/o";
  CHECK(s.call("PUT", o, {{"ETag", "0123"}}, "data").status == 422);
  CHECK(s.call("PUT", o, {{"ETag", "\"" + objectstore::md5_hex("data") + "\""}}, "data").status ==
        201);
  CHECK(s.call("PUT", o, {{"If-None-Match", "*"}}, "again").status == 412);
  CHECK(s.call("GET", o).body == "data");
  const ApiReply long_name = s.call("PUT", s.account + "/c/" + std::string(1025, 'n'), {}, "x");
  CHECK(long_name.status == 400);
  CHECK(long_name.body.find("Object name length of 1025 longer than 1024") != std::string::npos);
  const ApiReply bad_meta = s.call("PUT", o, {{"X-Object-Meta-" + std::string(129, 'k'), "v"}}, "");
  CHECK(bad_meta.status == 400);
  CHECK(bad_meta.body.find("Metadata name too long") != std::string::npos);
}

TEST_CASE("listings: prefix, delimiter, marker, end_marker, limit") {
  SwiftFixture s;
  REQUIRE(s.call("PUT", s.account + "/c").status == 201);
  for (const char* name : {"a.txt", "dir/", "dir/one", "dir/sub/two", "dir2/x", "z"})
    REQUIRE(s.call("PUT", s.account + "/c/" + name, {}, name).status == 201);
  const std::string c = s.account + "/c";
  CHECK(s.call("GET", c).body == "a.txt\ndir/\ndir/one\ndir/sub/two\ndir2/x\nz\n");
  CHECK(s.call("GET", c + "?delimiter=/").body == "a.txt\ndir/\ndir2/\nz\n");
  CHECK(s.call("GET", c + "?prefix=dir/&delimiter=/").body == "dir/\ndir/one\ndir/sub/\n");
  CHECK(s.call("GET", c + "?marker=dir/one&limit=2").body == "dir/sub/two\ndir2/x\n");
  CHECK(s.call("GET", c + "?marker=a.txt&end_marker=dir2").body == "dir/\ndir/one\ndir/sub/two\n");
  CHECK(s.call("GET", c + "?prefix=q").status == 204);
  const json listed = s.call("GET", c + "?format=json&delimiter=/&limit=3").json();
  REQUIRE(listed.size() == 3);
  CHECK(listed[0]["name"] == "a.txt");
  CHECK(listed[0]["hash"] == objectstore::md5_hex("a.txt"));
  CHECK(listed[0]["bytes"] == 5);
  CHECK(listed[0]["content_type"] == "text/plain");
  CHECK(listed[1] == json{{"subdir", "dir/"}});
  CHECK(listed[2] == json{{"subdir", "dir2/"}});
  CHECK(s.call("GET", c + "?limit=10001").status == 412);
  CHECK(s.call("GET", c + "?delimiter=ab").status == 412);
  CHECK(s.call("GET", c + "?format=xml").status == 406);
}

TEST_CASE("object POST replaces metadata; COPY and X-Copy-From copy data and metadata") {
  SwiftFixture s;
  REQUIRE(s.call("PUT", s.account + "/c").status == 201);
  const std::string o = s.account + "/c/photo.png";
  REQUIRE(s.call("PUT", o, {{"X-Object-Meta-A", "1"}}, "pixels").status == 201);
  CHECK(s.call("HEAD", o).content_type == "image/png");
  const ApiReply post = s.call("POST", o, {{"X-Object-Meta-B", "2"}});
  CHECK(post.status == 202);
  ApiReply head = s.call("HEAD", o);
  CHECK(head.header("X-Object-Meta-B") == "2");
  CHECK_FALSE(head.headers.contains("X-Object-Meta-A"));

  const ApiReply copy =
      s.call("COPY", o, {{"Destination", "/c/copy.png"}, {"X-Object-Meta-C", "3"}});
  CHECK(copy.status == 201);
  CHECK(copy.header("X-Copied-From") == "c/photo.png");
  head = s.call("HEAD", s.account + "/c/copy.png");
  CHECK(head.header("X-Object-Meta-B") == "2");
  CHECK(head.header("X-Object-Meta-C") == "3");
  CHECK(s.call("GET", s.account + "/c/copy.png").body == "pixels");

  const ApiReply put_copy = s.call("PUT", s.account + "/c/third",
                                   {{"X-Copy-From", "c/copy.png"}, {"X-Fresh-Metadata", "true"}});
  CHECK(put_copy.status == 201);
  head = s.call("HEAD", s.account + "/c/third");
  CHECK(head.header("ETag") == objectstore::md5_hex("pixels"));
  CHECK_FALSE(head.headers.contains("X-Object-Meta-B"));
  CHECK(s.call("PUT", s.account + "/c/x", {{"X-Copy-From", "nocontainer"}}).status == 412);
  CHECK(s.call("PUT", s.account + "/c/x", {{"X-Copy-From", "c/missing"}}).status == 404);

  CHECK(s.call("DELETE", o).status == 204);
  CHECK(s.call("DELETE", o).status == 404);
  CHECK(s.call("GET", o).body == not_found);
}

TEST_CASE("accounts: a project's token reaches only its own account, admin reaches any") {
  SwiftFixture s;
  const auto [demo_project, demo_user] = s.f.make_member("demo", "demo", "demo-pw");
  const std::string demo = s.f.token_for("demo", "demo-pw", "demo");
  const std::string own = "/v1/AUTH_" + demo_project;
  CHECK(s.call("PUT", own + "/mine", {}, "", demo).status == 201);
  CHECK(s.call("POST", own, {{"X-Account-Meta-Quota", "10"}}, "", demo).status == 204);
  CHECK(s.call("HEAD", own, {}, "", demo).header("X-Account-Meta-Quota") == "10");
  const ApiReply denied = s.call("GET", s.account, {}, "", demo);
  CHECK(denied.status == 403);
  CHECK(denied.body == "<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>");
  CHECK(s.call("PUT", s.account + "/theirs", {}, "", demo).status == 403);
  // The admin reaches the member's account.
  CHECK(s.call("GET", own).body == "mine\n");
  // No token: 401.
  api::HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.path = own;
  CHECK(s.f.send(anonymous).status == 401);
  // A new account exists implicitly with zero counts (account_autocreate).
  const ApiReply fresh = s.call("HEAD", "/v1/AUTH_nobody-yet");
  CHECK(fresh.status == 204);
  CHECK(fresh.header("X-Account-Container-Count") == "0");
}

TEST_CASE("a PUT without a quorum of stored replicas fails 503; down devices hand off") {
  SwiftFixture s;
  REQUIRE(s.call("PUT", s.account + "/c").status == 201);
  const objectstore::Ring ring(five_zone_ring(), salt);
  const std::string account = "AUTH_" + s.f.boot().project.id;
  const auto [part, primaries] = ring.get_nodes(account, "c", "o");

  // Two of three primary writes fail (their servers' links go down during the transfer).
  s.f.storage().fail_to = {primaries[0].device.ip, primaries[1].device.ip};
  const ApiReply failed = s.call("PUT", s.account + "/c/o", {}, "bytes");
  CHECK(failed.status == 503);
  CHECK(s.call("HEAD", s.account + "/c/o").status == 404);
  // One failure leaves a quorum (2 of 3).
  s.f.storage().fail_to = {primaries[0].device.ip};
  CHECK(s.call("PUT", s.account + "/c/o", {}, "bytes").status == 201);
  s.f.storage().fail_to.clear();

  // An unmounted primary is replaced by the first handoff, which is what gets recorded.
  s.objects.cluster().health().unmounted_devices.insert(primaries[2].device.id);
  REQUIRE(s.call("PUT", s.account + "/c/o", {}, "bytes").status == 201);
  const std::vector<objectstore::RingNode> handoffs = ring.get_more_nodes(part, 1);
  REQUIRE(handoffs.size() == 1);
  CHECK(s.call("HEAD", s.account + "/c/o").header("X-Stacksim-Object-Devices") ==
        std::to_string(primaries[0].device.id) + "," + std::to_string(primaries[1].device.id) +
            "," + std::to_string(handoffs[0].device.id));
}

TEST_CASE("Swift path, header and range helpers") {
  const objectstore::ObjectPath p = api::split_swift_path("/v1/AUTH_x/c/dir//file/");
  CHECK(p.account == "AUTH_x");
  CHECK(p.container == "c");
  CHECK(p.object == "dir//file/");
  CHECK(api::split_swift_path("/v1/AUTH_x").container.empty());
  CHECK(api::title_case("x-object-meta-foo_bar") == "X-Object-Meta-Foo_Bar");
  CHECK(api::swift_timestamp(api::TimeFormat(1700000000),
                             stacksim::runtime::TimePoint{std::chrono::microseconds(1234567)}) ==
        "1700000001.23456");
  CHECK(api::http_date(api::TimeFormat(1700000000), stacksim::runtime::TimePoint{}) ==
        "Tue, 14 Nov 2023 22:13:20 GMT");
  CHECK_FALSE(api::parse_byte_range("bytes=1-2,4-5", 10).has_value());
  CHECK(api::parse_byte_range("bytes=2-100", 10)->length == 8);
  CHECK(api::guess_content_type("a/b/c.JSON") == "application/json");
  CHECK(api::guess_content_type("noext") == "application/octet-stream");
}
