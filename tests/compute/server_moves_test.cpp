#include <catch2/catch.hpp>

#include "tests/compute/compute_cloud.hpp"
#include "tests/identity/error_of.hpp"

using namespace stacksim::compute;
using namespace std::chrono_literals;
using stacksim::runtime::PowerState;
using stacksim::testing::ComputeCloud;
using stacksim::testing::error_of;

namespace {

std::int64_t vcpus_on(ComputeCloud& cloud, const std::string& host) {
  return cloud.nova->hypervisor_usage(cloud.admin, host).vcpus_used;
}

}  // namespace

TEST_CASE("resize holds both hosts until confirmed") {
  ComputeCloud cloud(2);
  const std::string id = cloud.boot("vm", "2").uuid;  // 1 vCPU
  cloud.settle();
  const std::string source = cloud.server(id).host;
  cloud.nova->resize_server(cloud.alice, id, "3");  // 2 vCPUs
  CHECK(cloud.server(id).task_state == TaskState::resize_prep);
  cloud.advance(1s);
  CHECK(cloud.server(id).task_state == TaskState::resize_migrating);
  cloud.settle();
  const Instance resized = cloud.server(id);
  CHECK(resized.vm_state == VmState::resized);
  CHECK(resized.task_state == TaskState::none);
  CHECK(resized.host != source);
  CHECK(resized.flavor.id == "3");
  REQUIRE(resized.old_flavor);
  CHECK(resized.old_flavor->id == "2");
  CHECK(vcpus_on(cloud, source) == 1);  // held by the migration
  CHECK(vcpus_on(cloud, resized.host) == 2);
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "cores").in_use == 2);
  const auto migrations = cloud.nova->list_migrations(cloud.admin, id);
  REQUIRE(migrations.size() == 1);
  CHECK(migrations[0].type == MigrationType::resize);
  CHECK(migrations[0].status == "finished");

  cloud.nova->confirm_resize(cloud.alice, id);
  cloud.settle();
  const Instance confirmed = cloud.server(id);
  CHECK(confirmed.vm_state == VmState::active);
  CHECK_FALSE(confirmed.old_flavor);
  CHECK(vcpus_on(cloud, source) == 0);
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[0].status == "confirmed");

  const auto e = error_of([&] { cloud.nova->resize_server(cloud.alice, id, "3"); });
  CHECK(e.type() == "CannotResizeToSameFlavor");
  CHECK(std::string(e.what()) == "When resizing, instances must change flavor!");
}

TEST_CASE("revert_resize goes back to the source host and flavor") {
  ComputeCloud cloud(2);
  const std::string id = cloud.boot("vm", "2").uuid;
  cloud.settle();
  const std::string source = cloud.server(id).host;
  cloud.nova->resize_server(cloud.alice, id, "4");
  cloud.settle();
  const std::string dest = cloud.server(id).host;
  cloud.nova->revert_resize(cloud.alice, id);
  CHECK(cloud.server(id).task_state == TaskState::resize_reverting);
  cloud.settle();
  const Instance reverted = cloud.server(id);
  CHECK(reverted.vm_state == VmState::active);
  CHECK(reverted.host == source);
  CHECK(reverted.flavor.id == "2");
  CHECK(vcpus_on(cloud, dest) == 0);
  CHECK(vcpus_on(cloud, source) == 1);
  CHECK(cloud.hv(source).instances.contains(id));
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "cores").in_use == 1);
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[0].status == "reverted");
}

TEST_CASE("a resize with nowhere to go keeps the server where it was") {
  ComputeCloud cloud(1);
  const std::string id = cloud.boot("vm", "2").uuid;
  cloud.settle();
  cloud.nova->resize_server(cloud.alice, id, "3");
  cloud.settle();
  const Instance i = cloud.server(id);
  CHECK(i.vm_state == VmState::active);
  CHECK(i.flavor.id == "2");
  CHECK(i.host == "cn1");
  CHECK(vcpus_on(cloud, "cn1") == 1);
  CHECK(cloud.nova->server_fault(cloud.alice, id)->message ==
        "No valid host was found. There are not enough hosts available.");
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[0].status == "error");
}

TEST_CASE("cold migration of a stopped server ends in VERIFY_RESIZE and stays stopped") {
  ComputeCloud cloud(3);
  const std::string id = cloud.boot("vm").uuid;
  cloud.settle();
  cloud.nova->stop_server(cloud.alice, id);
  cloud.settle();
  const std::string source = cloud.server(id).host;
  CHECK(error_of([&] { cloud.nova->migrate_server(cloud.admin, id, source); }).type() ==
        "UnableToMigrateToSelf");
  cloud.nova->migrate_server(cloud.admin, id, std::string("cn3"));
  cloud.settle();
  Instance i = cloud.server(id);
  CHECK(i.vm_state == VmState::resized);
  CHECK(i.host == "cn3");
  CHECK(i.power_state == PowerState::shutdown);
  cloud.nova->confirm_resize(cloud.alice, id);
  cloud.settle();
  i = cloud.server(id);
  CHECK(i.vm_state == VmState::stopped);
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[0].type == MigrationType::migration);
}

TEST_CASE("live migration moves a running server; a failure rolls it back") {
  ComputeCloud cloud(3);
  const std::string id = cloud.boot("vm").uuid;
  cloud.settle();
  const std::string source = cloud.server(id).host;
  cloud.nova->live_migrate_server(cloud.admin, id);
  CHECK(cloud.server(id).task_state == TaskState::migrating);
  cloud.settle();
  Instance i = cloud.server(id);
  CHECK(i.vm_state == VmState::active);
  CHECK(i.task_state == TaskState::none);
  CHECK(i.host != source);
  CHECK(vcpus_on(cloud, source) == 0);
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[0].status == "completed");

  const std::string now_on = i.host;
  cloud.hv(now_on).fail_migrations = true;
  cloud.nova->live_migrate_server(cloud.admin, id, source);
  cloud.settle();
  i = cloud.server(id);
  CHECK(i.vm_state == VmState::active);
  CHECK(i.host == now_on);
  CHECK(vcpus_on(cloud, now_on) == 1);
  CHECK(vcpus_on(cloud, source) == 0);
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[1].status == "error");
}

TEST_CASE("evacuate after a host failure, then the host cleans up when it returns") {
  ComputeCloud cloud(3);
  const std::string id = cloud.boot("vm").uuid;
  cloud.settle();
  const std::string failed = cloud.server(id).host;
  cloud.backend.fail_host(failed);

  // Until service_down_time (60 s) passes, the service still counts as up.
  cloud.advance(30s);
  auto e = error_of([&] { cloud.nova->evacuate_server(cloud.admin, id); });
  CHECK(e.type() == "ComputeServiceInUse");
  CHECK(std::string(e.what()) == "Compute service of " + failed + " is still in use.");
  cloud.advance(40s);
  const auto services = cloud.nova->list_services(cloud.admin);
  for (const ServiceStatus& s : services)
    CHECK(s.up == (s.service.host != failed));

  cloud.nova->evacuate_server(cloud.admin, id);
  CHECK(cloud.server(id).task_state == TaskState::rebuilding);
  cloud.settle();
  const Instance moved = cloud.server(id);
  CHECK(moved.vm_state == VmState::active);
  CHECK(moved.host != failed);
  CHECK(cloud.hv(moved.host).instances.contains(id));
  CHECK(vcpus_on(cloud, failed) == 1);  // the source keeps its allocation until it cleans up
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[0].status == "done");

  cloud.backend.recover_host(failed);
  cloud.settle();
  CHECK(cloud.hv(failed).instances.empty());
  CHECK(vcpus_on(cloud, failed) == 0);
  CHECK(cloud.nova->list_migrations(cloud.admin, id)[0].status == "completed");
}

TEST_CASE("the scheduler stops choosing a failed host once its service is down") {
  ComputeCloud cloud(2);
  cloud.backend.fail_host("cn1");
  cloud.advance(61s);
  const std::string id = cloud.boot("vm").uuid;
  cloud.settle();
  CHECK(cloud.server(id).host == "cn2");
}

TEST_CASE("a build on a host that failed after scheduling is retried elsewhere") {
  ComputeCloud cloud(2);
  const std::string id = cloud.boot("vm").uuid;
  cloud.advance(5s);
  const std::string first = cloud.server(id).host;
  cloud.backend.fail_host(first);  // mid-spawn
  cloud.settle();
  const Instance i = cloud.server(id);
  CHECK(i.vm_state == VmState::active);
  CHECK(i.host != first);
}
