#include <catch2/catch.hpp>

#include "core/compute/instance_states.hpp"
#include "tests/compute/compute_cloud.hpp"
#include "tests/identity/error_of.hpp"

using namespace stacksim::compute;
using namespace std::chrono_literals;
using stacksim::runtime::PowerState;
using stacksim::testing::ComputeCloud;
using stacksim::testing::error_of;

TEST_CASE(
    "a server goes BUILD/scheduling -> networking -> block_device_mapping -> spawning -> ACTIVE") {
  ComputeCloud cloud;
  const Instance created = cloud.boot("vm1");
  CHECK(created.vm_state == VmState::building);
  CHECK(created.task_state == TaskState::scheduling);
  CHECK(created.power_state == PowerState::no_state);
  CHECK(created.host.empty());

  // Scheduling and the claim take 10 ms (host_info); the image download ~2 ms; the spawn 20 s.
  cloud.advance(5s);
  Instance spawning = cloud.server(created.uuid);
  CHECK(spawning.vm_state == VmState::building);
  CHECK(spawning.task_state == TaskState::spawning);
  REQUIRE_FALSE(spawning.host.empty());
  CHECK_FALSE(spawning.launched_at);

  cloud.settle();
  const Instance active = cloud.server(created.uuid);
  CHECK(active.vm_state == VmState::active);
  CHECK(active.task_state == TaskState::none);
  CHECK(active.power_state == PowerState::running);
  REQUIRE(active.launched_at);
  CHECK(active.host == spawning.host);
  CHECK_FALSE(cloud.nova->server_fault(cloud.alice, created.uuid));

  // The driver got the flavor and the image, served from the host's cache.
  const auto& spawned = cloud.hv(active.host).spawned;
  REQUIRE(spawned.size() == 1);
  CHECK(spawned[0].memory_mb == 2048);
  CHECK(spawned[0].image.id == cloud.image_id);
  CHECK(spawned[0].image.source_host == active.host);
  CHECK(cloud.hv(active.host).instances.contains(created.uuid));
  const HostUsage usage = cloud.nova->hypervisor_usage(cloud.admin, active.host);
  CHECK(usage.vcpus_used == 1);
  CHECK(usage.memory_mb_used == 2048);
  CHECK(usage.local_gb_used == 20);
}

TEST_CASE("NoValidHost leaves the server in ERROR with Nova's fault") {
  ComputeCloud cloud;
  const Instance created = cloud.boot("too-big", "9");  // 16 vCPUs: more than any host has
  cloud.settle();
  const Instance failed = cloud.server(created.uuid);
  CHECK(failed.vm_state == VmState::error);
  CHECK(failed.task_state == TaskState::none);
  CHECK(failed.host.empty());
  const auto fault = cloud.nova->server_fault(cloud.alice, created.uuid);
  REQUIRE(fault);
  CHECK(fault->code == 500);
  CHECK(fault->message == "No valid host was found. ");  // no allocation candidates at all
  // An ERROR server still counts against the quota until it is deleted.
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "instances").in_use == 1);
  cloud.nova->delete_server(cloud.alice, created.uuid);
  cloud.settle();
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "instances").in_use == 0);
}

TEST_CASE("NoValidHost from the filters: an anti-affinity group larger than the cloud") {
  ComputeCloud cloud(3);
  const ServerGroup group = cloud.nova->create_server_group(cloud.alice, "spread", "anti-affinity");
  ServerCreate req;
  req.name = "ha";
  req.flavor_id = "1";
  req.image_id = cloud.image_id;
  req.server_group = group.uuid;
  req.min_count = req.max_count = 4;
  const ServerCreateResult result = cloud.nova->create_servers(cloud.alice, req);
  REQUIRE(result.instances.size() == 4);
  cloud.settle();
  for (const Instance& i : result.instances) {
    const Instance now = cloud.server(i.uuid);
    CHECK(now.vm_state == VmState::error);
    CHECK(cloud.nova->server_fault(cloud.alice, i.uuid)->message ==
          "No valid host was found. There are not enough hosts available.");
  }
  // The whole request failed together: nothing is allocated anywhere.
  for (const char* host : {"cn1", "cn2", "cn3"}) {
    CHECK(cloud.nova->hypervisor_usage(cloud.admin, host).consumers == 0);
  }
}

TEST_CASE("server groups: anti-affinity spreads, affinity packs, max_server_per_host") {
  ComputeCloud cloud(4);
  cloud.keystone.quotas().set_limit(cloud.project_id, "instances", 20);
  auto boot_group = [&](const std::string& policy, int count, std::optional<int> max) {
    const ServerGroup g = cloud.nova->create_server_group(cloud.alice, policy, policy, max);
    ServerCreate req;
    req.name = policy;
    req.flavor_id = "1";
    req.image_id = cloud.image_id;
    req.server_group = g.uuid;
    req.min_count = req.max_count = count;
    const ServerCreateResult r = cloud.nova->create_servers(cloud.alice, req);
    cloud.settle();
    std::map<std::string, int> per_host;
    for (const Instance& i : r.instances) {
      const Instance now = cloud.server(i.uuid);
      REQUIRE(now.vm_state == VmState::active);
      ++per_host[now.host];
    }
    CHECK(cloud.nova->get_server_group(cloud.alice, g.uuid).members.size() ==
          static_cast<std::size_t>(count));
    return per_host;
  };
  CHECK(boot_group("anti-affinity", 4, std::nullopt).size() == 4);
  CHECK(boot_group("affinity", 3, std::nullopt).size() == 1);
  const auto two_per_host = boot_group("anti-affinity", 6, 2);
  CHECK(two_per_host.size() >= 3);
  for (const auto& [host, n] : two_per_host)
    CHECK(n <= 2);
}

TEST_CASE("multi-create: names, min/max count and quota headroom") {
  ComputeCloud cloud;
  cloud.keystone.quotas().set_limit(cloud.project_id, "instances", 3);
  ServerCreate req;
  req.name = "web";
  req.flavor_id = "1";
  req.image_id = cloud.image_id;
  req.min_count = 2;
  req.max_count = 5;
  const ServerCreateResult r = cloud.nova->create_servers(cloud.alice, req);
  REQUIRE(r.instances.size() == 3);  // as many as the quota allows, at least min_count
  CHECK(r.instances[0].name == "web-1");
  CHECK(r.instances[2].name == "web-3");
  CHECK(r.reservation_id.rfind("r-", 0) == 0);
  for (const Instance& i : r.instances)
    CHECK(i.reservation_id == r.reservation_id);
  cloud.settle();
  for (const Instance& i : r.instances)
    CHECK(cloud.server(i.uuid).vm_state == VmState::active);

  cloud.keystone.quotas().set_limit(cloud.project_id, "instances", 6);
  req.min_count = 4;
  const auto e = error_of([&] { cloud.nova->create_servers(cloud.alice, req); });
  CHECK(e.type() == "QuotaExceeded");
  CHECK(e.http_status() == 403);
  CHECK(std::string(e.what()) ==
        "Quota exceeded for instances: Requested 4-5, but already used 3 of 6 instances");
}

TEST_CASE("bad boot requests get Nova's errors and change nothing") {
  ComputeCloud cloud;
  ServerCreate req;
  req.name = "vm";
  req.flavor_id = "2";
  req.image_id = cloud.image_id;

  ServerCreate bad = req;
  bad.flavor_id = "nope";
  auto e = error_of([&] { cloud.nova->create_servers(cloud.alice, bad); });
  CHECK(e.type() == "FlavorNotFound");
  CHECK(e.http_status() == 400);
  CHECK(std::string(e.what()) == "Flavor nope could not be found.");

  bad = req;
  bad.image_id = "00000000-0000-0000-0000-000000000000";
  e = error_of([&] { cloud.nova->create_servers(cloud.alice, bad); });
  CHECK(e.type() == "ImageNotFound");
  CHECK(std::string(e.what()) == "Can not find requested image");

  stacksim::image::ImageCreate queued;
  queued.name = "empty";
  queued.disk_format = "raw";
  queued.container_format = "bare";
  bad = req;
  bad.image_id = cloud.glance.create(cloud.alice, queued).id;
  e = error_of([&] { cloud.nova->create_servers(cloud.alice, bad); });
  CHECK(e.type() == "ImageNotActive");
  CHECK(std::string(e.what()) == "Image " + bad.image_id + " is not active.");

  bad = req;
  bad.availability_zone = "mars";
  e = error_of([&] { cloud.nova->create_servers(cloud.alice, bad); });
  CHECK(e.type() == "InvalidRequest");
  CHECK(std::string(e.what()) == "The requested availability zone is not available");

  bad = req;
  bad.key_name = "missing";
  e = error_of([&] { cloud.nova->create_servers(cloud.alice, bad); });
  CHECK(e.type() == "KeypairNotFound");
  CHECK(std::string(e.what()) == "Invalid key_name provided.");

  bad = req;
  bad.server_group = "no-such-group";
  CHECK(error_of([&] { cloud.nova->create_servers(cloud.alice, bad); }).type() ==
        "InstanceGroupNotFound");

  bad = req;
  bad.min_count = 3;
  bad.max_count = 2;
  CHECK(std::string(error_of([&] { cloud.nova->create_servers(cloud.alice, bad); }).what()) ==
        "min_count must be <= max_count");

  cloud.keystone.quotas().set_limit(cloud.project_id, "cores", 20);
  cloud.keystone.quotas().commit(
      cloud.keystone.quotas().reserve(cloud.project_id, {{"cores", 20}}));
  bad = req;
  bad.flavor_id = "4";
  e = error_of([&] { cloud.nova->create_servers(cloud.alice, bad); });
  CHECK(e.type() == "QuotaExceeded");
  CHECK(std::string(e.what()) ==
        "Quota exceeded for cores: Requested 4, but already used 20 of 20 cores");

  CHECK(cloud.nova->list_servers(cloud.alice).empty());
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "instances").in_use == 0);
}

TEST_CASE("image min_ram and min_disk are checked against the flavor") {
  ComputeCloud cloud;
  stacksim::image::ImageUpdate needs;
  needs.min_ram = 4096;
  cloud.glance.update(cloud.admin, cloud.image_id, needs);
  auto e = error_of([&] { cloud.boot("small", "2"); });
  CHECK(e.type() == "FlavorMemoryTooSmall");
  CHECK(std::string(e.what()) == "Flavor's memory is too small for requested image.");
  needs = {};
  needs.min_ram = 0;
  needs.min_disk = 30;
  cloud.glance.update(cloud.admin, cloud.image_id, needs);
  e = error_of([&] { cloud.boot("small", "2"); });
  CHECK(e.type() == "FlavorDiskSmallerThanMinDisk");
  CHECK(std::string(e.what()) ==
        "Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk "
        "is 21474836480 bytes, minimum size is 32212254720 bytes.");
  CHECK_NOTHROW(cloud.boot("medium", "3"));
}

TEST_CASE("availability zones restrict placement") {
  ComputeCloud cloud(4);
  const HostAggregate az1 = cloud.nova->create_aggregate(cloud.admin, "rack1", std::string("az1"));
  cloud.nova->add_aggregate_host(cloud.admin, az1.id, "cn3");
  cloud.nova->add_aggregate_host(cloud.admin, az1.id, "cn4");
  const auto zones = cloud.nova->list_availability_zones(cloud.alice);
  REQUIRE(zones.size() == 2);
  CHECK(zones[0].name == "az1");
  CHECK(zones[0].hosts == std::vector<std::string>{"cn3", "cn4"});
  CHECK(zones[1].name == "nova");
  ServerCreate req;
  req.name = "zoned";
  req.flavor_id = "1";
  req.image_id = cloud.image_id;
  req.availability_zone = "az1";
  req.min_count = req.max_count = 4;
  const ServerCreateResult r = cloud.nova->create_servers(cloud.alice, req);
  cloud.settle();
  for (const Instance& i : r.instances) {
    const std::string host = cloud.server(i.uuid).host;
    CHECK((host == "cn3" || host == "cn4"));
  }
  CHECK(error_of([&] { cloud.nova->add_aggregate_host(cloud.admin, az1.id, "cn9"); }).type() ==
        "ComputeHostNotFound");
  const HostAggregate other =
      cloud.nova->create_aggregate(cloud.admin, "rack2", std::string("az2"));
  const auto e = error_of([&] { cloud.nova->add_aggregate_host(cloud.admin, other.id, "cn3"); });
  CHECK(e.type() == "InvalidAggregateActionAdd");
  CHECK(std::string(e.what()) ==
        "Cannot add host to aggregate " + std::to_string(other.id) +
            ". Reason: One or more hosts already in availability zone(s) [az1].");
}
