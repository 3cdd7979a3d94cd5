// Volumes, snapshots and quotas through VolumeService on the simulated datacenter: every status
// transition of Cinder's machine and the errors of the refused ones.

#include <catch2/catch.hpp>

#include "core/identity/quota.hpp"
#include "sim/backend/simulated_storage_driver.hpp"
#include "tests/volume/volume_cloud.hpp"

using namespace stacksim;
using stacksim::testing::VolumeCloud;
using volume::VolumeStatus;

using stacksim::testing::service_error_of;

TEST_CASE("create: creating -> available on the pool the scheduler picks, capacity consumed") {
  VolumeCloud cloud;
  const volume::Volume v = cloud.create(10);
  CHECK(v.status == VolumeStatus::creating);
  CHECK(v.volume_type == "__DEFAULT__");
  cloud.settle();
  const volume::Volume done = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(done.status == VolumeStatus::available);
  // CapacityWeigher: the thin Ceph pool has 200 GB virtually free against LVM's 100.
  CHECK(done.host == "cinder@ceph#rbd");
  CHECK(done.availability_zone == "nova");
  const std::vector<volume::PoolState> pools = cloud.cinder.get_pools(cloud.admin);
  CHECK(pools[1].allocated_capacity_gb == 10);
  CHECK(pools[0].allocated_capacity_gb == 0);
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "gigabytes").in_use == 10);
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "volumes").in_use == 1);
  CHECK(dynamic_cast<sim::SimulatedStorageDriver&>(cloud.backend.storage()).volume_count() == 1);
}

TEST_CASE("create: volume types steer the scheduler, no valid backend is an error volume") {
  VolumeCloud cloud;
  volume::VolumeTypeCreate lvm;
  lvm.name = "lvm";
  lvm.extra_specs = {{"volume_backend_name", "lvm"}};
  cloud.cinder.create_volume_type(cloud.admin, lvm);
  volume::VolumeTypeCreate fast;
  fast.name = "fast";
  fast.extra_specs = {{"capabilities:storage_protocol", "<in> NVMe"}};
  cloud.cinder.create_volume_type(cloud.admin, fast);
  const volume::Volume a = cloud.create(30, "lvm");
  const volume::Volume b = cloud.create(1, "fast");
  const volume::Volume c = cloud.create(101, "lvm");  // more than LVM's 100 GB
  cloud.settle();
  CHECK(cloud.cinder.get_volume(cloud.alice, a.id).host == "cinder@lvm#lvm");
  CHECK(cloud.status(b.id) == VolumeStatus::error);
  CHECK(cloud.cinder.get_volume(cloud.alice, b.id).host.empty());
  CHECK(cloud.status(c.id) == VolumeStatus::error);
  // An error volume keeps its quota until deleted, and can be deleted.
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "volumes").in_use == 3);
  cloud.cinder.delete_volume(cloud.alice, b.id);
  cloud.settle();
  CHECK(service_error_of([&] { (void)cloud.cinder.get_volume(cloud.alice, b.id); }) ==
        "VolumeNotFound: Volume " + b.id + " could not be found.");
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "volumes").in_use == 2);
  // Types: unknown, in use, the default.
  CHECK(service_error_of([&] { (void)cloud.create(1, "gold"); }) ==
        "VolumeTypeNotFoundByName: Volume type with name gold could not be found.");
  const std::string lvm_id = cloud.cinder.get_volume_type(cloud.admin, "lvm").id;
  CHECK(service_error_of([&] { cloud.cinder.delete_volume_type(cloud.admin, lvm_id); }) ==
        "VolumeTypeInUse: Volume Type " + lvm_id +
            " deletion is not allowed with volumes present with the type.");
  CHECK(service_error_of([&] {
          cloud.cinder.create_volume_type(cloud.alice, lvm);
        }).starts_with("PolicyNotAuthorized"));
  CHECK(service_error_of([&] { cloud.cinder.create_volume_type(cloud.admin, lvm); }) ==
        "VolumeTypeExists: Volume Type lvm already exists.");
}

TEST_CASE("create: bad sizes, zones and other projects' volumes") {
  VolumeCloud cloud;
  CHECK(service_error_of([&] { (void)cloud.create(0); }) ==
        "InvalidInput: Invalid input received: Invalid volume size provided for create request: 0 "
        "(size argument must be an integer (or string representation of an integer) and greater "
        "than zero).");
  volume::VolumeCreate req;
  req.size = 1;
  req.availability_zone = "az-9";
  CHECK(service_error_of([&] { (void)cloud.cinder.create_volume(cloud.alice, req); }) ==
        "InvalidAvailabilityZone: Availability zone 'az-9' is invalid.");
  const volume::Volume mine = cloud.create(1);
  cloud.settle();
  const identity::RequestContext other =
      identity::RequestContext::for_project("bob", "other-project", {"member"});
  CHECK(service_error_of([&] { (void)cloud.cinder.get_volume(other, mine.id); }) ==
        "VolumeNotFound: Volume " + mine.id + " could not be found.");
  CHECK(cloud.cinder.list_volumes(other).empty());
  CHECK(cloud.cinder.list_volumes(cloud.admin, true).size() == 1);
}

TEST_CASE("quotas: volumes, gigabytes and snapshots with Cinder's messages") {
  VolumeCloud cloud;
  identity::QuotaEngine& quotas = cloud.keystone.quotas();
  const std::string project = cloud.alice.project_id;
  quotas.set_limit(project, "gigabytes", 15);
  quotas.set_limit(project, "volumes", 2);
  quotas.set_limit(project, "snapshots", 1);
  const volume::Volume a = cloud.create(10);
  CHECK(service_error_of([&] { (void)cloud.create(6); }) ==
        "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes "
        "quota. Requested 6G, quota is 15G and 10G has been consumed.");
  (void)cloud.create(4);
  CHECK(service_error_of([&] { (void)cloud.create(1); }) ==
        "VolumeLimitExceeded: Maximum number of volumes allowed (2) exceeded for quota 'volumes'.");
  cloud.settle();
  quotas.set_limit(project, "gigabytes", 100);
  (void)cloud.cinder.create_snapshot(cloud.alice, a.id, "s1");
  CHECK(service_error_of([&] { (void)cloud.cinder.create_snapshot(cloud.alice, a.id, "s2"); }) ==
        "SnapshotLimitExceeded: Maximum number of snapshots allowed (1) exceeded");
  CHECK(quotas.usage(project, "gigabytes").in_use == 24);  // 10 + 4 + the 10 GB snapshot
  // Extending asks for the difference.
  quotas.set_limit(project, "gigabytes", 30);
  CHECK(service_error_of([&] { cloud.cinder.extend_volume(cloud.alice, a.id, 17); }) ==
        "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes "
        "quota. Requested 7G, quota is 30G and 24G has been consumed.");
  cloud.cinder.extend_volume(cloud.alice, a.id, 16);
  CHECK(quotas.usage(project, "gigabytes").in_use == 30);
}

TEST_CASE("extend: available -> extending -> available, refused sizes and statuses") {
  VolumeCloud cloud;
  const volume::Volume v = cloud.create(10, std::nullopt);
  CHECK(service_error_of([&] { cloud.cinder.extend_volume(cloud.alice, v.id, 20); }) ==
        "InvalidVolume: Invalid volume: Volume " + v.id +
            " status must be 'available' to extend, currently creating.");
  cloud.settle();
  CHECK(service_error_of([&] { cloud.cinder.extend_volume(cloud.alice, v.id, 10); }) ==
        "InvalidInput: Invalid input received: New size for extend must be greater than current "
        "size. (current: 10, extended: 10).");
  cloud.cinder.extend_volume(cloud.alice, v.id, 40);
  CHECK(cloud.status(v.id) == VolumeStatus::extending);
  cloud.settle();
  CHECK(cloud.status(v.id) == VolumeStatus::available);
  CHECK(cloud.cinder.get_volume(cloud.alice, v.id).size == 40);
  // No room on the pool (Ceph: 200 virtual GB): back to available, gigabytes given back.
  cloud.keystone.quotas().set_limit(cloud.alice.project_id, "gigabytes", -1);
  cloud.cinder.extend_volume(cloud.alice, v.id, 400);
  cloud.settle();
  CHECK(cloud.status(v.id) == VolumeStatus::available);
  CHECK(cloud.cinder.get_volume(cloud.alice, v.id).size == 40);
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "gigabytes").in_use == 40);
}

TEST_CASE("snapshots: creating -> available -> deleting, a volume with snapshots stays") {
  VolumeCloud cloud;
  const volume::Volume v = cloud.create(4);
  CHECK(service_error_of([&] { (void)cloud.cinder.create_snapshot(cloud.alice, v.id, "early"); }) ==
        "InvalidVolume: Invalid volume: The snapshot cannot be created because volume has not "
        "been scheduled to any host.");
  cloud.settle();
  const volume::Snapshot s = cloud.cinder.create_snapshot(cloud.alice, v.id, "s");
  CHECK(s.status == volume::SnapshotStatus::creating);
  CHECK(service_error_of([&] { cloud.cinder.delete_snapshot(cloud.alice, s.id); }) ==
        "InvalidSnapshot: Invalid snapshot: Snapshot status must be available or error and must "
        "not be part of a group.");
  cloud.settle();
  CHECK(cloud.cinder.get_snapshot(cloud.alice, s.id).status == volume::SnapshotStatus::available);
  CHECK(service_error_of([&] { cloud.cinder.delete_volume(cloud.alice, v.id); }) ==
        "InvalidVolume: Invalid volume: Volume status must be available or error or "
        "error_restoring or error_extending or error_managing and must not be migrating, "
        "attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated "
        "from snapshots after volume transfer.");
  // A volume from the snapshot lands on the snapshot's pool with its size.
  volume::VolumeCreate from;
  from.snapshot_id = s.id;
  const volume::Volume copy = cloud.cinder.create_volume(cloud.alice, from);
  CHECK(copy.size == 4);
  from.size = 2;
  CHECK(service_error_of([&] { (void)cloud.cinder.create_volume(cloud.alice, from); }) ==
        "InvalidInput: Invalid input received: Volume size '2'GB cannot be smaller than the "
        "snapshot size 4GB. They must be >= original snapshot size.");
  cloud.settle();
  CHECK(cloud.cinder.get_volume(cloud.alice, copy.id).host ==
        cloud.cinder.get_volume(cloud.alice, v.id).host);
  cloud.cinder.delete_snapshot(cloud.alice, s.id);
  CHECK(cloud.cinder.get_snapshot(cloud.alice, s.id).status == volume::SnapshotStatus::deleting);
  cloud.settle();
  CHECK(service_error_of([&] { (void)cloud.cinder.get_snapshot(cloud.alice, s.id); }) ==
        "SnapshotNotFound: Snapshot " + s.id + " could not be found.");
  cloud.cinder.delete_volume(cloud.alice, v.id);
  CHECK(cloud.status(v.id) == VolumeStatus::deleting);
  cloud.settle();
  CHECK(cloud.cinder.list_volumes(cloud.alice).size() == 1);
  CHECK(cloud.keystone.quotas().usage(cloud.alice.project_id, "snapshots").in_use == 0);
}

TEST_CASE("volume from image: downloading, bootable, the image's bytes cross the network") {
  VolumeCloud cloud;
  volume::VolumeCreate req;
  req.size = 1;
  req.image_id = cloud.image_id;
  const volume::Volume v = cloud.cinder.create_volume(cloud.alice, req);
  bool saw_downloading = false;
  while (cloud.sim.step()) {
    saw_downloading = saw_downloading || cloud.status(v.id) == VolumeStatus::downloading;
  }
  CHECK(saw_downloading);
  const volume::Volume done = cloud.cinder.get_volume(cloud.alice, v.id);
  CHECK(done.status == VolumeStatus::available);
  CHECK(done.bootable);
  CHECK(done.image_id == cloud.image_id);
  req.image_id = "no-such-image";
  CHECK(service_error_of([&] { (void)cloud.cinder.create_volume(cloud.alice, req); }) ==
        "ImageNotFound: Image no-such-image could not be found.");
}
