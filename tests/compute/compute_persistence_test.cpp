#include <catch2/catch.hpp>

#include "tests/compute/compute_cloud.hpp"
#include "tests/identity/temp_database.hpp"

using namespace stacksim::compute;
using namespace std::chrono_literals;
using stacksim::testing::ComputeCloud;

TEST_CASE("everything survives reopening the database, including the scheduler's usage") {
  const auto path = stacksim::testing::temp_database("compute", "cloud.db");
  std::string active, resized, errored, group_uuid;
  std::int64_t aggregate_id = 0;
  std::map<std::string, HostUsage> usage_before;
  {
    ComputeCloud cloud(3, {}, path);
    aggregate_id = cloud.nova->create_aggregate(cloud.admin, "rack", std::string("az1")).id;
    cloud.nova->add_aggregate_host(cloud.admin, aggregate_id, "cn3");
    group_uuid = cloud.nova->create_server_group(cloud.alice, "g", "anti-affinity").uuid;
    ServerCreate req;
    req.name = "grouped";
    req.flavor_id = "2";
    req.image_id = cloud.image_id;
    req.server_group = group_uuid;
    active = cloud.nova->create_servers(cloud.alice, req).instances.front().uuid;
    resized = cloud.boot("resized").uuid;
    errored = cloud.boot("errored", "9").uuid;
    cloud.settle();
    cloud.nova->resize_server(cloud.alice, resized, "3");
    cloud.settle();
    REQUIRE(cloud.server(resized).vm_state == VmState::resized);
    for (const char* h : {"cn1", "cn2", "cn3"}) {
      usage_before[h] = cloud.nova->hypervisor_usage(cloud.admin, h);
    }
  }
  ComputeCloud cloud(3, {}, path);
  CHECK(cloud.server(active).vm_state == VmState::active);
  CHECK(cloud.server(resized).vm_state == VmState::resized);
  CHECK(cloud.server(errored).vm_state == VmState::error);
  CHECK(cloud.nova->server_fault(cloud.alice, errored)->message == "No valid host was found. ");
  for (const char* h : {"cn1", "cn2", "cn3"}) {
    const HostUsage after = cloud.nova->hypervisor_usage(cloud.admin, h);
    CHECK(after.vcpus_used == usage_before[h].vcpus_used);
    CHECK(after.memory_mb_used == usage_before[h].memory_mb_used);
    CHECK(after.consumers == usage_before[h].consumers);
  }
  CHECK(cloud.nova->get_flavor(cloud.alice, "3").name == "m1.medium");
  CHECK(cloud.nova->list_aggregates(cloud.admin).at(0).hosts == std::vector<std::string>{"cn3"});
  CHECK(cloud.nova->get_server_group(cloud.alice, group_uuid).members.size() == 1);

  // The resize can still be confirmed, and a new server in the group avoids its member's host.
  cloud.nova->confirm_resize(cloud.alice, resized);
  ServerCreate req;
  req.name = "second";
  req.flavor_id = "1";
  req.image_id = cloud.image_id;
  req.server_group = group_uuid;
  const std::string second = cloud.nova->create_servers(cloud.alice, req).instances.front().uuid;
  cloud.settle();
  CHECK(cloud.server(resized).vm_state == VmState::active);
  CHECK(cloud.server(second).vm_state == VmState::active);
  CHECK(cloud.server(second).host != cloud.server(active).host);
  CHECK(cloud.server(second).uuid != active);
}

TEST_CASE("a build interrupted by a restart ends in ERROR; an interrupted delete completes") {
  const auto path = stacksim::testing::temp_database("compute", "interrupted.db");
  std::string building, deleting;
  {
    ComputeCloud cloud(2, {}, path);
    deleting = cloud.boot("deleting").uuid;
    cloud.settle();
    building = cloud.boot("building").uuid;
    cloud.advance(5s);
    cloud.nova->delete_server(cloud.alice, deleting);
  }
  ComputeCloud cloud(2, {}, path);
  const Instance i = cloud.server(building);
  CHECK(i.vm_state == VmState::error);
  CHECK(i.task_state == TaskState::none);
  CHECK(cloud.nova->cell().instances.get(deleting, true).deleted);
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "instances").in_use == 1);
}
