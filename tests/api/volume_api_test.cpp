// Block Storage v3 over the in-process API on the volume test cloud (Cinder and Nova on the
// simulated datacenter): bodies, status codes, microversions, Cinder's error bodies, authorization
// and Nova's os-volume_attachments.

#include <catch2/catch.hpp>

#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/compute/server_volume_routes.hpp"
#include "core/api/identity/identity_api.hpp"
#include "core/api/volume/volume_api.hpp"
#include "tests/api/api_call.hpp"
#include "tests/volume/volume_cloud.hpp"

using nlohmann::json;
using stacksim::testing::ApiReply;
namespace api = stacksim::api;
namespace volume = stacksim::volume;

namespace {

/// The volume test cloud behind the Identity, Block Storage and os-volume_attachments routes.
struct CinderOverHttp {
  stacksim::testing::VolumeCloud cloud;
  api::ApiApplication app{{}, cloud.keystone, cloud.sim};
  api::IdentityApi identity{app};
  api::ComputeApiRoutes compute{app, *cloud.nova};
  api::VolumeApi volumes{app, cloud.cinder};
  api::ServerVolumeRoutes server_volumes{app, *cloud.server_volumes};
  std::string admin;
  std::string alice;  // member of "demo"
  std::string bob;    // member of "other"

  CinderOverHttp() {
    identity.add_routes(app.routes());
    compute.add_routes(app.routes());
    volumes.add_routes(app.routes());
    server_volumes.add_routes(app.routes());
    const auto other = cloud.keystone.directory().create_project("other", "default");
    const auto user = cloud.keystone.directory().create_user("bob", "default", "pw");
    const std::string member = cloud.keystone.directory().find_role("member").id;
    cloud.keystone.directory().grant_project_role(member, user.id, other.id);
    admin = token("admin", "secret", "admin");
    alice = token("alice", "pw", "demo");
    bob = token("bob", "pw", "other");
  }

  std::string token(const std::string& user, const std::string& password,
                    const std::string& project) {
    const ApiReply r = call("POST", "/v3/auth/tokens", "",
                            stacksim::testing::password_auth(user, password, project));
    REQUIRE(r.status == 201);
    return r.header("X-Subject-Token");
  }

  ApiReply call(const std::string& method, const std::string& path, const std::string& token,
                const std::optional<json>& body = std::nullopt,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    return stacksim::testing::run_request(
        app, cloud.sim,
        stacksim::testing::make_request(method, path, body, token, std::move(headers)));
  }
  /// A call to the Block Storage API at `microversion` ("3.27").
  ApiReply cinder(const std::string& method, const std::string& path, const std::string& token,
                  const std::optional<json>& body = std::nullopt,
                  const std::string& microversion = "3.0") {
    return call(method, "/volume/v3" + path, token, body,
                {{"OpenStack-API-Version", "volume " + microversion}});
  }

  /// Alice's server, booted through the Compute API and active.
  std::string active_server(const std::string& name) {
    const ApiReply r = call("POST", "/compute/v2.1/servers", alice,
                            json{{"server",
                                  {{"name", name},
                                   {"flavorRef", "2"},
                                   {"imageRef", cloud.image_id},
                                   {"networks", "none"}}}});
    REQUIRE(r.status == 202);
    cloud.settle();
    const std::string id = r.json()["server"]["id"];
    REQUIRE(call("GET", "/compute/v2.1/servers/" + id, alice).json()["server"]["status"] ==
            "ACTIVE");
    return id;
  }

  /// Alice's available volume of `size` GiB.
  std::string available_volume(int size, const std::string& name = "data") {
    const ApiReply r =
        cinder("POST", "/volumes", alice, json{{"volume", {{"size", size}, {"name", name}}}});
    REQUIRE(r.status == 202);
    cloud.settle();
    const std::string id = r.json()["volume"]["id"];
    REQUIRE(volume_json(id)["status"] == "available");
    return id;
  }
  json volume_json(const std::string& id, const std::string& token = {}) {
    const ApiReply r = cinder("GET", "/volumes/" + id, token.empty() ? alice : token);
    REQUIRE(r.status == 200);
    return r.json()["volume"];
  }
};

/// Cinder's error body: {"<fault>": {"code", "message"}}.
std::string fault(const ApiReply& r) {
  return r.json().begin().key();
}
std::string message(const ApiReply& r) {
  return r.json().begin().value()["message"];
}

}  // namespace

TEST_CASE("volume api: version discovery and microversions") {
  CinderOverHttp c;
  const ApiReply root = c.call("GET", "/volume", "");
  REQUIRE(root.status == 300);
  CHECK(root.json()["versions"][0]["id"] == "v3.0");
  CHECK(root.json()["versions"][0]["version"] == "3.70");
  CHECK(root.json()["versions"][0]["min_version"] == "3.0");
  CHECK(c.call("GET", "/volume/v3", "").status == 200);
  CHECK(c.call("GET", "/volume/v3/volumes", "").status == 401);

  const ApiReply none = c.call("GET", "/volume/v3/volumes", c.alice);
  REQUIRE(none.status == 200);
  CHECK(none.header("OpenStack-API-Version") == "volume 3.0");
  CHECK(
      c.cinder("GET", "/volumes", c.alice, std::nullopt, "3.60").header("OpenStack-API-Version") ==
      "volume 3.60");
  CHECK(c.cinder("GET", "/volumes", c.alice, std::nullopt, "latest")
            .header("OpenStack-API-Version") == "volume 3.70");
  const ApiReply too_new = c.cinder("GET", "/volumes", c.alice, std::nullopt, "3.71");
  CHECK(too_new.status == 406);
  CHECK(message(too_new) ==
        "Version 3.71 is not supported by the API. Minimum is 3.0 and maximum is 3.70.");
  CHECK(c.cinder("GET", "/volumes", c.alice, std::nullopt, "three").status == 400);
  // Routes newer than the asked microversion do not exist for the caller.
  CHECK(c.cinder("GET", "/attachments", c.alice).status == 404);
  CHECK(c.cinder("GET", "/attachments", c.alice, std::nullopt, "3.27").status == 200);
}

TEST_CASE("volume api: create, show, list, update, extend and delete a volume") {
  CinderOverHttp c;
  const ApiReply created = c.cinder("POST", "/volumes", c.alice,
                                    json{{"volume",
                                          {{"size", "1"},  // Cinder accepts sizes as strings
                                           {"name", "vol1"},
                                           {"description", nullptr},
                                           {"metadata", json::object()},
                                           {"snapshot_id", nullptr},
                                           {"imageRef", nullptr},
                                           {"consistencygroup_id", nullptr}}}});
  REQUIRE(created.status == 202);
  const json v = created.json()["volume"];
  const std::string id = v["id"];
  CHECK(v["status"] == "creating");
  CHECK(v["size"] == 1);
  CHECK(v["name"] == "vol1");
  CHECK(v["description"].is_null());
  CHECK(v["bootable"] == "false");
  CHECK(v["volume_type"] == "__DEFAULT__");
  CHECK(v["metadata"] == json::object());
  CHECK(v["attachments"] == json::array());
  CHECK(v["links"][0]["href"] == "http://127.0.0.1:5000/volume/v3/volumes/" + id);
  CHECK_FALSE(v.contains("os-vol-host-attr:host"));  // admin only
  CHECK_FALSE(v.contains("volume_type_id"));         // from 3.63

  c.cloud.settle();
  json shown = c.volume_json(id);
  CHECK(shown["status"] == "available");
  CHECK(shown["os-vol-tenant-attr:tenant_id"] == c.cloud.alice.project_id);
  CHECK(shown["created_at"].get<std::string>().size() == 26);  // 2026-01-01T00:00:00.000000
  const json as_admin = c.cinder("GET", "/volumes/" + id, c.admin, std::nullopt, "3.63").json();
  CHECK(as_admin["volume"]["os-vol-host-attr:host"].get<std::string>().starts_with("cinder@"));
  CHECK(as_admin["volume"]["volume_type_id"].is_string());

  const ApiReply listed = c.cinder("GET", "/volumes", c.alice);
  REQUIRE(listed.json()["volumes"].size() == 1);
  CHECK(listed.json()["volumes"][0].size() == 3);  // id, name, links
  CHECK(c.cinder("GET", "/volumes/detail?name=vol1", c.alice).json()["volumes"][0]["status"] ==
        "available");
  CHECK(c.cinder("GET", "/volumes/detail?name=other", c.alice).json()["volumes"].empty());

  const ApiReply renamed = c.cinder("PUT", "/volumes/" + id, c.alice,
                                    json{{"volume", {{"name", "vol2"}, {"description", "d"}}}});
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json()["volume"]["name"] == "vol2");
  CHECK(renamed.json()["volume"]["description"] == "d");

  CHECK(c.cinder("POST", "/volumes/" + id + "/action", c.alice,
                 json{{"os-extend", {{"new_size", 2}}}})
            .status == 202);
  CHECK(c.volume_json(id)["status"] == "extending");
  c.cloud.settle();
  shown = c.volume_json(id);
  CHECK(shown["status"] == "available");
  CHECK(shown["size"] == 2);
  const ApiReply shrink = c.cinder("POST", "/volumes/" + id + "/action", c.alice,
                                   json{{"os-extend", {{"new_size", 1}}}});
  CHECK(shrink.status == 400);
  CHECK(fault(shrink) == "badRequest");

  CHECK(c.cinder("DELETE", "/volumes/" + id, c.alice).status == 202);
  c.cloud.settle();
  const ApiReply gone = c.cinder("GET", "/volumes/" + id, c.alice);
  CHECK(gone.status == 404);
  CHECK(fault(gone) == "itemNotFound");
  CHECK(message(gone) == "Volume " + id + " could not be found.");
}

TEST_CASE("volume api: validation errors name the field, quotas are overLimit") {
  CinderOverHttp c;
  auto create = [&](const json& volume) {
    return c.cinder("POST", "/volumes", c.alice, json{{"volume", volume}});
  };
  ApiReply r = create({{"size", "big"}});
  CHECK(r.status == 400);
  CHECK(fault(r) == "badRequest");
  CHECK(message(r).find("'volume.size'") != std::string::npos);
  r = create({{"name", "no size"}});
  CHECK(r.status == 400);
  CHECK(message(r).find("'volume.size'") != std::string::npos);
  r = create({{"size", 1}, {"colour", "blue"}});
  CHECK(r.status == 400);
  CHECK(message(r).find("'colour' was unexpected") != std::string::npos);
  r = create({{"size", 1}, {"metadata", {{"k", "v"}}}});
  CHECK(r.status == 400);
  CHECK(message(r).find("'volume.metadata'") != std::string::npos);
  r = create({{"size", 0}});
  CHECK(r.status == 400);
  CHECK(message(r).find("Invalid volume size provided for create request: 0") != std::string::npos);
  r = create({{"size", 1}, {"volume_type", "gold"}});
  CHECK(r.status == 404);
  CHECK(message(r) == "Volume type with name gold could not be found.");
  r = c.cinder("POST", "/volumes", c.alice, json{{"size", 1}});
  CHECK(r.status == 400);
  r = create({{"size", 1001}});
  CHECK(r.status == 413);
  CHECK(fault(r) == "overLimit");
  CHECK(message(r).starts_with("Requested volume or snapshot exceeds allowed gigabytes quota."));

  const std::string id = c.available_volume(1);
  r = c.cinder("POST", "/volumes/" + id + "/action", c.alice, json{{"os-detonate", nullptr}});
  CHECK(r.status == 400);
  CHECK(message(r) == "There is no such action: os-detonate");
  r = c.cinder("PUT", "/volumes/" + id, c.alice, json{{"volume", {{"name", 5}}}});
  CHECK(r.status == 400);
  CHECK(message(r).find("'volume.name'") != std::string::npos);
}

TEST_CASE("volume api: projects, admin-only actions and volume types") {
  CinderOverHttp c;
  const std::string id = c.available_volume(1);
  // Another project's volume does not exist for a member.
  CHECK(c.cinder("GET", "/volumes/" + id, c.bob).status == 404);
  CHECK(c.cinder("DELETE", "/volumes/" + id, c.bob).status == 404);
  CHECK(c.cinder("GET", "/volumes/detail", c.bob).json()["volumes"].empty());
  CHECK(c.cinder("GET", "/volumes/detail?all_tenants=1", c.bob).json()["volumes"].empty());
  CHECK(c.cinder("GET", "/volumes/detail?all_tenants=1", c.admin).json()["volumes"].size() == 1);
  CHECK(c.cinder("GET", "/volumes/detail", c.admin).json()["volumes"].empty());

  // os-reset_status is the admin's.
  const json reset = {{"os-reset_status", {{"status", "error"}}}};
  const ApiReply denied = c.cinder("POST", "/volumes/" + id + "/action", c.alice, reset);
  CHECK(denied.status == 403);
  CHECK(fault(denied) == "forbidden");
  CHECK(c.cinder("POST", "/volumes/" + id + "/action", c.admin, reset).status == 202);
  CHECK(c.volume_json(id)["status"] == "error");
  const ApiReply bad = c.cinder("POST", "/volumes/" + id + "/action", c.admin,
                                json{{"os-reset_status", {{"status", "sleepy"}}}});
  CHECK(bad.status == 400);
  CHECK(message(bad).find("'os-reset_status.status'") != std::string::npos);

  // Types: created and configured by the admin, listed for everyone without their extra specs.
  const json gold = {{"volume_type",
                      {{"name", "gold"},
                       {"description", "fast"},
                       {"extra_specs", {{"volume_backend_name", "lvm"}}}}}};
  CHECK(c.cinder("POST", "/types", c.alice, gold).status == 403);
  const ApiReply made = c.cinder("POST", "/types", c.admin, gold);
  REQUIRE(made.status == 200);
  const std::string type_id = made.json()["volume_type"]["id"];
  CHECK(made.json()["volume_type"]["extra_specs"] == json{{"volume_backend_name", "lvm"}});
  CHECK(c.cinder("POST", "/types", c.admin, gold).status == 409);
  const json listed = c.cinder("GET", "/types", c.alice).json()["volume_types"];
  REQUIRE(listed.size() == 2);
  CHECK_FALSE(listed[1].contains("extra_specs"));
  CHECK(c.cinder("GET", "/types/" + type_id + "/extra_specs", c.alice).status == 403);
  const std::string specs = "/types/" + type_id + "/extra_specs";
  CHECK(c.cinder("POST", specs, c.admin, json{{"extra_specs", {{"multiattach", "<is> True"}}}})
            .status == 200);
  CHECK(c.cinder("PUT", specs + "/volume_backend_name", c.admin,
                 json{{"volume_backend_name", "ceph"}})
            .json() == json{{"volume_backend_name", "ceph"}});
  CHECK(c.cinder("PUT", specs + "/volume_backend_name", c.admin, json{{"other", "x"}}).status ==
        400);
  CHECK(c.cinder("GET", specs, c.admin).json()["extra_specs"] ==
        json{{"multiattach", "<is> True"}, {"volume_backend_name", "ceph"}});
  CHECK(c.cinder("DELETE", specs + "/multiattach", c.admin).status == 202);
  CHECK(c.cinder("GET", specs + "/multiattach", c.admin).status == 404);

  // A volume of the type lands on its backend; the type cannot go while the volume exists.
  const ApiReply typed = c.cinder("POST", "/volumes", c.alice,
                                  json{{"volume", {{"size", 1}, {"volume_type", "gold"}}}});
  REQUIRE(typed.status == 202);
  c.cloud.settle();
  CHECK(c.volume_json(typed.json()["volume"]["id"], c.admin)["os-vol-host-attr:host"] ==
        "cinder@ceph#rbd");
  CHECK(c.cinder("DELETE", "/types/" + type_id, c.admin).status == 400);
}

TEST_CASE("volume api: server add/remove volume through os-volume_attachments") {
  CinderOverHttp c;
  const std::string server = c.active_server("web");
  const std::string id = c.available_volume(1);
  const std::string path = "/compute/v2.1/servers/" + server + "/os-volume_attachments";

  const ApiReply attached = c.call(
      "POST", path, c.alice, json{{"volumeAttachment", {{"volumeId", id}, {"device", nullptr}}}},
      {{"OpenStack-API-Version", "compute 2.89"}});
  REQUIRE(attached.status == 200);
  CHECK(attached.json()["volumeAttachment"]["volumeId"] == id);
  CHECK(attached.json()["volumeAttachment"]["serverId"] == server);
  CHECK(attached.json()["volumeAttachment"]["attachment_id"].is_string());
  CHECK_FALSE(attached.json()["volumeAttachment"].contains("id"));  // gone in 2.89
  CHECK(c.volume_json(id)["status"] == "attaching");
  c.cloud.settle();
  const json in_use = c.volume_json(id);
  CHECK(in_use["status"] == "in-use");
  REQUIRE(in_use["attachments"].size() == 1);
  CHECK(in_use["attachments"][0]["server_id"] == server);
  CHECK(in_use["attachments"][0]["device"].get<std::string>().starts_with("/dev/vd"));
  const json listed = c.call("GET", path, c.alice).json()["volumeAttachments"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["id"] == id);
  CHECK(c.call("GET", path + "/" + id, c.alice).json()["volumeAttachment"]["device"] ==
        in_use["attachments"][0]["device"]);

  // An attached volume cannot be deleted, nor attached twice; other projects see no server.
  const ApiReply busy = c.cinder("DELETE", "/volumes/" + id, c.alice);
  CHECK(busy.status == 400);
  CHECK(message(busy).starts_with("Invalid volume: Volume status must be available"));
  CHECK(c.call("POST", path, c.alice, json{{"volumeAttachment", {{"volumeId", id}}}}).status ==
        400);
  CHECK(c.call("POST", path, c.bob, json{{"volumeAttachment", {{"volumeId", id}}}}).status == 404);
  const ApiReply missing =
      c.call("POST", path, c.alice, json{{"volumeAttachment", json::object()}});
  CHECK(missing.status == 400);
  CHECK(message(missing) ==
        "Invalid input for field 'volumeAttachment': 'volumeId' is a required property.");

  CHECK(c.call("DELETE", path + "/" + id, c.alice).status == 202);
  c.cloud.settle();
  CHECK(c.volume_json(id)["status"] == "available");
  CHECK(c.volume_json(id)["attachments"].empty());
  const ApiReply not_attached = c.call("DELETE", path + "/" + id, c.alice);
  CHECK(not_attached.status == 404);
  CHECK(fault(not_attached) == "itemNotFound");
}

TEST_CASE("volume api: the 3.27 attachments API reserves, connects and deletes") {
  CinderOverHttp c;
  const std::string id = c.available_volume(1);
  const std::string server = c.active_server("db");
  const std::string host = c.call("GET", "/compute/v2.1/servers/" + server, c.admin)
                               .json()["server"]["OS-EXT-SRV-ATTR:host"];

  const ApiReply reserved =
      c.cinder("POST", "/attachments", c.alice,
               json{{"attachment", {{"volume_uuid", id}, {"instance_uuid", server}}}}, "3.27");
  REQUIRE(reserved.status == 200);
  const json a = reserved.json()["attachment"];
  CHECK(a["status"] == "reserved");
  CHECK(a["instance"] == server);
  CHECK(a["connection_info"] == json::object());
  CHECK(c.volume_json(id)["status"] == "attaching");
  const std::string attachment = a["id"];

  const ApiReply connected = c.cinder(
      "PUT", "/attachments/" + attachment, c.alice,
      json{{"attachment", {{"connector", {{"host", host}, {"initiator", "iqn"}}}}}}, "3.27");
  REQUIRE(connected.status == 200);
  CHECK(connected.json()["attachment"]["status"] == "attached");
  CHECK(connected.json()["attachment"]["connection_info"]["host"] == host);
  CHECK(c.volume_json(id)["status"] == "in-use");
  CHECK(c.cinder("POST", "/attachments/" + attachment + "/action", c.alice,
                 json{{"os-complete", nullptr}}, "3.44")
            .status == 204);
  CHECK(c.cinder("GET", "/attachments?volume_id=" + id, c.alice, std::nullopt, "3.27")
            .json()["attachments"]
            .size() == 1);
  CHECK(c.cinder("GET", "/attachments/" + attachment, c.bob, std::nullopt, "3.27").status == 404);

  const ApiReply deleted =
      c.cinder("DELETE", "/attachments/" + attachment, c.alice, std::nullopt, "3.27");
  REQUIRE(deleted.status == 200);
  CHECK(deleted.json()["attachments"].empty());
  CHECK(c.volume_json(id)["status"] == "available");
  const ApiReply unknown =
      c.cinder("GET", "/attachments/" + attachment, c.alice, std::nullopt, "3.27");
  CHECK(unknown.status == 404);
  CHECK(message(unknown).starts_with("Volume attachment could not be found with filter"));
}

TEST_CASE("volume api: snapshots, limits and quota sets") {
  CinderOverHttp c;
  const std::string id = c.available_volume(2);
  const ApiReply snap =
      c.cinder("POST", "/snapshots", c.alice,
               json{{"snapshot", {{"volume_id", id}, {"name", "s1"}, {"force", "False"}}}});
  REQUIRE(snap.status == 202);
  const std::string snap_id = snap.json()["snapshot"]["id"];
  CHECK(snap.json()["snapshot"]["size"] == 2);
  c.cloud.settle();
  const json listed = c.cinder("GET", "/snapshots/detail", c.alice).json()["snapshots"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["status"] == "available");
  CHECK(listed[0]["os-extended-snapshot-attributes:project_id"] == c.cloud.alice.project_id);
  CHECK(c.cinder("GET", "/snapshots", c.bob).json()["snapshots"].empty());
  CHECK(c.cinder("DELETE", "/volumes/" + id, c.alice).status == 400);  // has a snapshot

  const json limits = c.cinder("GET", "/limits", c.alice).json()["limits"]["absolute"];
  CHECK(limits["totalVolumesUsed"] == 1);
  CHECK(limits["totalGigabytesUsed"] == 4);  // the snapshot's gigabytes count (Cinder's default)
  CHECK(limits["totalSnapshotsUsed"] == 1);
  CHECK(limits["maxTotalVolumes"] == 10);

  const std::string quotas = "/os-quota-sets/" + c.cloud.alice.project_id;
  const json usage = c.cinder("GET", quotas + "?usage=True", c.alice).json()["quota_set"];
  CHECK(usage["volumes"]["in_use"] == 1);
  CHECK(usage["gigabytes"]["limit"] == 1000);
  const json update = {{"quota_set", {{"volumes", 3}}}};
  CHECK(c.cinder("PUT", quotas, c.alice, update).status == 403);
  CHECK(c.cinder("PUT", quotas, c.admin, update).json()["quota_set"]["volumes"] == 3);
  CHECK(c.cinder("GET", "/os-quota-sets/" + c.cloud.admin.project_id, c.alice).status == 403);

  CHECK(c.cinder("DELETE", "/snapshots/" + snap_id, c.alice).status == 202);
  c.cloud.settle();
  CHECK(c.cinder("GET", "/snapshots/" + snap_id, c.alice).status == 404);
  CHECK(c.cinder("DELETE", "/volumes/" + id, c.alice).status == 202);
}
