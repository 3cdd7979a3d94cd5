// Attach and detach with compute on the simulated datacenter: os-volume_attachments on a running
// server, multiattach, and block device mapping at boot (boot from volume, delete_on_termination).

#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/volume/volume_cloud.hpp"

using namespace stacksim;
using stacksim::testing::VolumeCloud;
using volume::VolumeStatus;

using stacksim::testing::service_error_of;

TEST_CASE("attach and detach: available -> attaching -> in-use -> detaching -> available") {
  VolumeCloud cloud;
  const compute::Instance booted = cloud.boot("web");
  const volume::Volume v = cloud.create(5);
  cloud.settle();
  const compute::Instance server = cloud.nova->get_server(cloud.alice, booted.uuid);
  REQUIRE(server.vm_state == compute::VmState::active);

  const volume::VolumeAttachment a =
      cloud.server_volumes->attach_volume(cloud.alice, server.uuid, v.id);
  CHECK(cloud.status(v.id) == VolumeStatus::attaching);
  CHECK(service_error_of(
            [&] { (void)cloud.server_volumes->attach_volume(cloud.alice, server.uuid, v.id); })
            .starts_with("InvalidVolume: Invalid volume: Volume " + v.id +
                         " status must be available to reserve, but the current status is "
                         "attaching."));
  cloud.settle();
  const volume::Volume attached = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(attached.status == VolumeStatus::in_use);
  CHECK(attached.attach_status == volume::AttachStatus::attached);
  REQUIRE(attached.attachments.size() == 1);
  CHECK(attached.attachments[0].server_id == server.uuid);
  CHECK(attached.attachments[0].host_name == server.host);
  CHECK(attached.attachments[0].device.starts_with("/dev/vd"));
  // In use means the hypervisor took the disk: a failed guest attach rolls back to available.
  CHECK(service_error_of([&] {
          cloud.cinder.delete_volume(cloud.alice, v.id);
        }).starts_with("InvalidVolume: Invalid volume: Volume status must be available"));

  cloud.server_volumes->detach_volume(cloud.alice, server.uuid, v.id);
  CHECK(cloud.status(v.id) == VolumeStatus::detaching);
  CHECK(service_error_of(
            [&] { cloud.server_volumes->detach_volume(cloud.alice, server.uuid, v.id); }) ==
        "InvalidVolume: Invalid volume: Unable to detach volume. Volume status must be 'in-use' "
        "and attach_status must be 'attached' to detach.");
  cloud.settle();
  CHECK(cloud.status(v.id) == VolumeStatus::available);
  CHECK(cloud.cinder.get_volume(cloud.alice, v.id).attachments.empty());
  CHECK(service_error_of([&] {
          cloud.server_volumes->detach_volume(cloud.alice, server.uuid, v.id);
        }).starts_with("VolumeAttachmentNotFound"));
  (void)a;
}

TEST_CASE("attach: error volumes and servers that are not running are refused") {
  VolumeCloud cloud;
  volume::VolumeTypeCreate nowhere;
  nowhere.name = "nowhere";
  nowhere.extra_specs = {{"volume_backend_name", "netapp"}};
  cloud.cinder.create_volume_type(cloud.admin, nowhere);
  const volume::Volume broken = cloud.create(1, "nowhere");
  const compute::Instance building = cloud.boot("b");
  const volume::Volume v = cloud.create(1);
  CHECK(service_error_of([&] {
          (void)cloud.server_volumes->attach_volume(cloud.alice, building.uuid, v.id);
        }).starts_with("InstanceInvalidState"));
  cloud.settle();
  CHECK(service_error_of([&] {
          (void)cloud.server_volumes->attach_volume(cloud.alice, building.uuid, broken.id);
        }) ==
        "InvalidVolume: Invalid volume: Volume attachments can not be created if the volume "
        "is in an error state. The Volume " +
            broken.id + " currently has a status of: error ");
}

TEST_CASE("multiattach: two servers on a host share one export, in-use until the last detach") {
  VolumeCloud cloud;
  volume::VolumeTypeCreate shared;
  shared.name = "shared";
  shared.extra_specs = {{"multiattach", "<is> True"}};
  cloud.cinder.create_volume_type(cloud.admin, shared);
  const compute::Instance one = cloud.boot("one");
  compute::ServerCreate beside;
  beside.name = "two";
  beside.flavor_id = "2";
  beside.image_id = cloud.image_id;
  beside.networks.mode = compute::NetworkRequest::Mode::none;
  beside.same_host = {one.uuid};
  const compute::Instance two = cloud.nova->create_servers(cloud.alice, beside).instances.front();
  beside.name = "far";
  beside.same_host.clear();
  beside.different_host = {one.uuid};
  const compute::Instance far = cloud.nova->create_servers(cloud.alice, beside).instances.front();
  const volume::Volume v = cloud.create(2, "shared");
  cloud.settle();
  const volume::Volume created = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(created.multiattach);
  CHECK(created.host == "cinder@ceph#rbd");  // the only pool reporting multiattach
  (void)cloud.server_volumes->attach_volume(cloud.alice, one.uuid, v.id);
  cloud.settle();
  (void)cloud.server_volumes->attach_volume(cloud.alice, two.uuid, v.id);
  cloud.settle();
  volume::Volume both = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(both.status == VolumeStatus::in_use);
  REQUIRE(both.attachments.size() == 2);
  CHECK(both.attachments[0].device == both.attachments[1].device);
  // The simulated storage exports a volume to one host at a time: the attach to a server on
  // another host fails in the driver and its reservation is undone.
  (void)cloud.server_volumes->attach_volume(cloud.alice, far.uuid, v.id);
  CHECK(cloud.status(v.id) == VolumeStatus::attaching);
  cloud.settle();
  CHECK(cloud.status(v.id) == VolumeStatus::in_use);
  CHECK(cloud.cinder.get_volume(cloud.alice, v.id).attachments.size() == 2);

  cloud.server_volumes->detach_volume(cloud.alice, one.uuid, v.id);
  cloud.settle();
  both = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(both.status == VolumeStatus::in_use);
  REQUIRE(both.attachments.size() == 1);
  CHECK(both.attachments[0].server_id == two.uuid);
  cloud.server_volumes->detach_volume(cloud.alice, two.uuid, v.id);
  cloud.settle();
  CHECK(cloud.status(v.id) == VolumeStatus::available);
}

TEST_CASE("boot from volume: a volume from the image, an existing data volume, delete cleans up") {
  VolumeCloud cloud;
  const volume::Volume data = cloud.create(3);
  cloud.settle();
  compute::BlockDeviceMapping root;
  root.source_type = "image";
  root.uuid = cloud.image_id;
  root.volume_size = 1;
  root.boot_index = 0;
  root.delete_on_termination = true;
  compute::BlockDeviceMapping extra;
  extra.source_type = "volume";
  extra.uuid = data.id;
  const compute::Instance booted = cloud.boot("bfv", {extra, root});
  // Nova reserves the existing volume at the API.
  CHECK(cloud.status(data.id) == VolumeStatus::attaching);
  cloud.settle();
  const compute::Instance server = cloud.nova->get_server(cloud.alice, booted.uuid);
  REQUIRE(server.vm_state == compute::VmState::active);
  const std::vector<volume::VolumeBuildHooks::Mapping> maps = cloud.hooks.mappings(server.uuid);
  REQUIRE(maps.size() == 2);
  CHECK(maps[0].bdm.boot_index == 0);  // boot order: the root disk first
  const std::string root_id = maps[0].volume_id;
  const volume::Volume root_volume = cloud.cinder.get_volume(cloud.alice, root_id);
  CHECK(root_volume.bootable);
  CHECK(root_volume.status == VolumeStatus::in_use);
  CHECK(cloud.status(data.id) == VolumeStatus::in_use);

  cloud.nova->delete_server(cloud.alice, server.uuid);
  cloud.settle();
  // delete_on_termination: the root volume goes, the data volume is detached and stays.
  CHECK(service_error_of([&] {
          (void)cloud.cinder.get_volume(cloud.alice, root_id);
        }).starts_with("VolumeNotFound"));
  CHECK(cloud.status(data.id) == VolumeStatus::available);
  CHECK(cloud.hooks.mappings(server.uuid).empty());
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "volumes").in_use == 1);
}

TEST_CASE("boot with bad mappings fails the request and holds nothing") {
  VolumeCloud cloud;
  compute::BlockDeviceMapping missing;
  missing.uuid = "no-such-volume";
  CHECK(service_error_of([&] { (void)cloud.boot("x", {missing}); }) ==
        "InvalidBDMVolume: Block Device Mapping is Invalid: failed to get volume no-such-volume.");
  compute::BlockDeviceMapping local;
  local.source_type = "blank";
  local.destination_type = "local";
  local.volume_size = 1;
  CHECK(service_error_of([&] { (void)cloud.boot("x", {local}); }).starts_with("InvalidBDM"));
  CHECK(cloud.nova->list_servers(cloud.alice).empty());
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "instances").in_use == 0);
}

TEST_CASE("detach from a host that is down: the volume stays in use (roll_detaching)") {
  VolumeCloud cloud;
  const compute::Instance booted = cloud.boot("web");
  const volume::Volume v = cloud.create(1);
  cloud.settle();
  const compute::Instance server = cloud.nova->get_server(cloud.alice, booted.uuid);
  (void)cloud.server_volumes->attach_volume(cloud.alice, server.uuid, v.id);
  cloud.settle();
  REQUIRE(cloud.status(v.id) == VolumeStatus::in_use);
  cloud.backend.simulated_host(server.host).set_up(false);
  cloud.settle();
  cloud.server_volumes->detach_volume(cloud.alice, server.uuid, v.id);
  CHECK(cloud.status(v.id) == VolumeStatus::detaching);
  cloud.settle();
  const volume::Volume kept = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(kept.status == VolumeStatus::in_use);
  REQUIRE(kept.attachments.size() == 1);
  CHECK(kept.attachments[0].attach_status == volume::AttachStatus::attached);
}

TEST_CASE("live migration: the attached volume follows the server to the new host") {
  VolumeCloud cloud;
  const compute::Instance booted = cloud.boot("web");
  const volume::Volume v = cloud.create(1);
  cloud.settle();
  const std::string source = cloud.nova->get_server(cloud.alice, booted.uuid).host;
  (void)cloud.server_volumes->attach_volume(cloud.alice, booted.uuid, v.id);
  cloud.settle();
  cloud.nova->live_migrate_server(cloud.admin, booted.uuid);
  cloud.settle();
  const compute::Instance moved = cloud.nova->get_server(cloud.alice, booted.uuid);
  REQUIRE(moved.host != source);
  const volume::Volume after = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(after.status == VolumeStatus::in_use);
  REQUIRE(after.attachments.size() == 1);
  CHECK(after.attachments[0].host_name == moved.host);
}
