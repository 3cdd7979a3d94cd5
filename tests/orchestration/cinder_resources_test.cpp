#include <catch2/catch.hpp>

#include "core/volume/volume_error.hpp"
#include "tests/orchestration/heat_cloud.hpp"

using namespace stacksim;

namespace {

const char* volume_stack = R"(
heat_template_version: 2018-08-31
parameters:
  mountpoint: {type: string, default: /dev/vdb}
resources:
  server:
    type: OS::Nova::Server
    properties: {flavor: m1.small, image: cirros}
  data:
    type: OS::Cinder::Volume
    properties: {size: 10, description: database files, metadata: {tier: db}}
  attach:
    type: OS::Cinder::VolumeAttachment
    properties:
      instance_uuid: {get_resource: server}
      volume_id: {get_resource: data}
      mountpoint: {get_param: mountpoint}
outputs:
  size: {value: {get_attr: [data, size]}}
  device: {value: {get_attr: [attach, device]}}
  tier: {value: {get_attr: [data, metadata, tier]}}
)";

/// Resources in the order their events reached `status` (the events outlive a deleted stack).
std::vector<std::string> order_of(store::Database& db, const std::string& stack_id,
                                  const std::string& status) {
  store::Statement s = db.prepare(
      "SELECT resource_name FROM orchestration_events WHERE stack_id = ?1 AND status = ?2 AND "
      "physical_id != stack_id ORDER BY id");
  s.bind_all(stack_id, status);
  std::vector<std::string> out;
  while (s.step())
    out.push_back(s.column_text(0));
  return out;
}

bool volume_gone(testing::HeatCloud& cloud, const std::string& id) {
  try {
    (void)cloud.cinder.get_volume(cloud.admin, id);
  } catch (const runtime::ServiceError& e) {
    return e.type() == "VolumeNotFound";
  }
  return false;
}

}  // namespace

TEST_CASE("a volume is created, attached to a server, detached and deleted with its stack") {
  testing::HeatCloud cloud(2);
  const orchestration::Stack stack = cloud.create("vol", volume_stack);
  INFO(stack.status_reason);
  REQUIRE(stack.status == "CREATE_COMPLETE");
  auto res = cloud.resources(stack.id);
  const std::string server = res["server"].data.physical_id;
  const std::string volume_id = res["data"].data.physical_id;
  const volume::Volume v = cloud.cinder.get_volume(cloud.alice, volume_id);
  CHECK(v.name == "vol-data");
  CHECK(v.description == "database files");
  CHECK(v.size == 10);
  CHECK(v.status == volume::VolumeStatus::in_use);
  REQUIRE(v.attachments.size() == 1);
  CHECK(v.attachments[0].server_id == server);
  CHECK(v.attachments[0].host_name == cloud.server(server).host);
  CHECK(res["attach"].data.physical_id == v.attachments[0].id);
  const nlohmann::json out = cloud.heat.outputs(cloud.alice, stack.id);
  CHECK(out["size"]["value"] == 10);
  CHECK(out["device"]["value"] == "/dev/vdb");
  CHECK(out["tier"]["value"] == "db");

  cloud.run(cloud.heat.delete_stack(cloud.alice, stack.id));
  CHECK(volume_gone(cloud, volume_id));
  CHECK(cloud.live_servers() == 0);
  // Reverse dependency order: the attachment (detach) before the volume and the server.
  const std::vector<std::string> deleted = order_of(cloud.db, stack.id, "DELETE_COMPLETE");
  REQUIRE(deleted.size() == 3);
  CHECK(deleted.front() == "attach");
}

TEST_CASE("volume properties are checked and a failed volume rolls the stack back") {
  testing::HeatCloud cloud(1);
  SECTION("a bad mountpoint fails the attachment and rollback deletes the volume") {
    const orchestration::Stack stack = cloud.create("vol", volume_stack, {{"mountpoint", "vdb"}});
    CHECK(stack.status == "ROLLBACK_COMPLETE");
    CHECK_THAT(
        stack.status_reason,
        Catch::Contains("attach") && Catch::Contains("The supplied device path (vdb) is invalid."));
    CHECK(cloud.cinder.list_volumes(cloud.alice).empty());
    CHECK(cloud.live_servers() == 0);
  }
  SECTION("a volume too large for every pool ends in error and is not left behind") {
    const orchestration::Stack stack = cloud.create("big", R"(
heat_template_version: 2018-08-31
resources:
  data: {type: OS::Cinder::Volume, properties: {size: 500}}
)");
    CHECK(stack.status == "ROLLBACK_COMPLETE");
    CHECK_THAT(stack.status_reason,
               Catch::Contains("data: Went to status error due to \"Unknown\""));
    CHECK(cloud.cinder.list_volumes(cloud.alice).empty());
  }
  SECTION("a volume needs a size or a source") {
    const orchestration::Stack stack = cloud.create("nosize", R"(
heat_template_version: 2018-08-31
resources:
  data: {type: OS::Cinder::Volume, properties: {name: empty}}
)");
    CHECK(stack.status == "ROLLBACK_COMPLETE");
    CHECK_THAT(stack.status_reason,
               Catch::Contains("resources.data.properties.size: needs a size"));
  }
  SECTION("an unknown volume type is Cinder's error") {
    const orchestration::Stack stack = cloud.create("typed", R"(
heat_template_version: 2018-08-31
resources:
  data: {type: OS::Cinder::Volume, properties: {size: 1, volume_type: gold}}
)");
    CHECK(stack.status == "ROLLBACK_COMPLETE");
    CHECK_THAT(stack.status_reason,
               Catch::Contains("Volume type with name gold could not be found."));
  }
}

TEST_CASE("a volume from an image takes the image's size and is bootable") {
  testing::HeatCloud cloud(1);
  const orchestration::Stack stack = cloud.create("img", R"(
heat_template_version: 2018-08-31
resources:
  root: {type: OS::Cinder::Volume, properties: {size: 1, image: cirros}}
outputs:
  bootable: {value: {get_attr: [root, bootable]}}
  status: {value: {get_attr: [root, status]}}
)");
  INFO(stack.status_reason);
  REQUIRE(stack.status == "CREATE_COMPLETE");
  const nlohmann::json out = cloud.heat.outputs(cloud.alice, stack.id);
  CHECK(out["bootable"]["value"] == true);
  CHECK(out["status"]["value"] == "available");
  const auto res = cloud.resources(stack.id);
  CHECK(cloud.cinder.get_volume(cloud.alice, res.at("root").data.physical_id).image_id ==
        cloud.image_id);
}
