#include <catch2/catch.hpp>

#include "tests/compute/compute_cloud.hpp"
#include "tests/identity/error_of.hpp"

using namespace stacksim::compute;
using namespace std::chrono_literals;
using stacksim::runtime::PowerState;
using stacksim::runtime::RebootType;
using stacksim::testing::ComputeCloud;
using stacksim::testing::error_of;

TEST_CASE("stop, start and reboot walk Nova's task states") {
  ComputeCloud cloud;
  const std::string id = cloud.boot("vm").uuid;
  cloud.settle();
  cloud.nova->stop_server(cloud.alice, id);
  CHECK(cloud.server(id).task_state == TaskState::powering_off);
  cloud.settle();
  Instance i = cloud.server(id);
  CHECK(i.vm_state == VmState::stopped);
  CHECK(i.power_state == PowerState::shutdown);
  CHECK(i.task_state == TaskState::none);

  cloud.nova->start_server(cloud.alice, id);
  CHECK(cloud.server(id).task_state == TaskState::powering_on);
  cloud.settle();
  CHECK(cloud.server(id).vm_state == VmState::active);
  CHECK(cloud.server(id).power_state == PowerState::running);

  cloud.nova->reboot_server(cloud.alice, id, RebootType::soft);
  CHECK(cloud.server(id).task_state == TaskState::rebooting);
  cloud.settle();
  CHECK(cloud.server(id).task_state == TaskState::none);

  cloud.nova->stop_server(cloud.alice, id);
  cloud.settle();
  cloud.nova->reboot_server(cloud.alice, id, RebootType::hard);  // allowed from STOPPED
  CHECK(cloud.server(id).task_state == TaskState::rebooting_hard);
  cloud.settle();
  CHECK(cloud.server(id).vm_state == VmState::active);
}

TEST_CASE("invalid state transitions are refused with InstanceInvalidState") {
  ComputeCloud cloud;
  const std::string id = cloud.boot("vm").uuid;
  auto e = error_of([&] { cloud.nova->stop_server(cloud.alice, id); });
  CHECK(e.type() == "InstanceInvalidState");
  CHECK(e.http_status() == 409);
  CHECK(std::string(e.what()) == "Instance " + id +
                                     " in vm_state building. Cannot stop while the instance is in "
                                     "this state.");
  cloud.settle();
  e = error_of([&] { cloud.nova->start_server(cloud.alice, id); });
  CHECK(std::string(e.what()) == "Instance " + id +
                                     " in vm_state active. Cannot start while the instance is in "
                                     "this state.");
  cloud.nova->stop_server(cloud.alice, id);
  e = error_of([&] { cloud.nova->reboot_server(cloud.alice, id, RebootType::soft); });
  CHECK(std::string(e.what()) == "Instance " + id +
                                     " in task_state powering-off. Cannot reboot while the "
                                     "instance is in this state.");
  cloud.settle();
  e = error_of([&] { cloud.nova->confirm_resize(cloud.alice, id); });
  CHECK(std::string(e.what()) == "Instance " + id +
                                     " in vm_state stopped. Cannot confirm_resize while the "
                                     "instance is in this state.");
  // An ERROR server was never launched: nothing but delete (and hard reboot's launched check).
  const std::string broken = cloud.boot("broken", "9").uuid;
  cloud.settle();
  e = error_of([&] { cloud.nova->stop_server(cloud.alice, broken); });
  CHECK(std::string(e.what()) == "Instance " + broken +
                                     " in launched_at None. Cannot stop while the instance is in "
                                     "this state.");
}

TEST_CASE("servers of other projects are not found; admin actions need admin") {
  ComputeCloud cloud;
  const std::string id = cloud.boot("vm").uuid;
  cloud.settle();
  const auto other = stacksim::identity::RequestContext::for_project("bob", "other", {"member"});
  auto e = error_of([&] { (void)cloud.nova->get_server(other, id); });
  CHECK(e.type() == "InstanceNotFound");
  CHECK(std::string(e.what()) == "Instance " + id + " could not be found.");
  e = error_of([&] { cloud.nova->migrate_server(cloud.alice, id); });
  CHECK(e.type() == "PolicyNotAuthorized");
  CHECK(std::string(e.what()) ==
        "Policy doesn't allow os_compute_api:os-migrate-server:migrate to be performed.");
  CHECK(error_of([&] { cloud.nova->create_flavor(cloud.alice, {}); }).http_status() == 403);
}

TEST_CASE("delete gives everything back, also when it arrives during the build") {
  ComputeCloud cloud;
  const std::string id = cloud.boot("vm").uuid;
  cloud.settle();
  const std::string host = cloud.server(id).host;
  cloud.nova->delete_server(cloud.alice, id);
  CHECK(cloud.server(id).task_state == TaskState::deleting);
  cloud.settle();
  CHECK(error_of([&] { (void)cloud.server(id); }).type() == "InstanceNotFound");
  CHECK(cloud.hv(host).instances.empty());
  CHECK(cloud.nova->hypervisor_usage(cloud.admin, host).consumers == 0);
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "cores").in_use == 0);

  const std::string early = cloud.boot("early").uuid;
  cloud.advance(5s);  // spawning
  cloud.nova->delete_server(cloud.alice, early);
  cloud.settle();
  const Instance gone = cloud.nova->cell().instances.get(early, true);
  CHECK(gone.deleted);
  CHECK(gone.vm_state == VmState::deleted);
  for (const char* h : {"cn1", "cn2", "cn3", "cn4"}) {
    CHECK(cloud.hv(h).instances.empty());
    CHECK(cloud.nova->hypervisor_usage(cloud.admin, h).consumers == 0);
  }
  CHECK(cloud.keystone.quotas().usage(cloud.project_id, "instances").in_use == 0);
}

TEST_CASE("a failed spawn releases the claim and retries on an alternate host") {
  ComputeCloud cloud(4);
  // The RAM weigher sends the first server to cn1 (all hosts equal: input order breaks the tie).
  cloud.hv("cn1").failing_spawns = 1;
  const std::string id = cloud.boot("retry").uuid;
  cloud.settle();
  const Instance i = cloud.server(id);
  CHECK(i.vm_state == VmState::active);
  CHECK(i.host != "cn1");
  CHECK(cloud.nova->hypervisor_usage(cloud.admin, "cn1").consumers == 0);
  CHECK(cloud.nova->cell().services.get("cn1").failed_builds == 1);
  CHECK(cloud.nova->cell().services.get(i.host).failed_builds == 0);
  CHECK(cloud.hv("cn1").instances.empty());
}

TEST_CASE("when every attempt fails the server ends in ERROR: max retries exceeded") {
  stacksim::compute::ComputeConfig config;
  config.scheduler.max_attempts = 3;
  ComputeCloud cloud(4, config);
  for (const char* h : {"cn1", "cn2", "cn3", "cn4"})
    cloud.hv(h).failing_spawns = 1;
  const std::string id = cloud.boot("doomed").uuid;
  cloud.settle();
  const Instance i = cloud.server(id);
  CHECK(i.vm_state == VmState::error);
  CHECK(i.host.empty());
  const auto fault = cloud.nova->server_fault(cloud.alice, id);
  REQUIRE(fault);
  CHECK(fault->message ==
        "Exceeded maximum number of retries. Exhausted all hosts available for "
        "retrying build failures for instance " +
            id + ".");
  CHECK_THAT(fault->details, Catch::Contains("spawn failed"));
  int attempts = 0;
  for (const char* h : {"cn1", "cn2", "cn3", "cn4"}) {
    attempts += static_cast<int>(cloud.hv(h).spawned.size());
    CHECK(cloud.nova->hypervisor_usage(cloud.admin, h).consumers == 0);
  }
  CHECK(attempts == 3);  // max_attempts hosts in all
}

TEST_CASE("many concurrent builds on the simulated clock, deterministic placement") {
  auto run_once = [] {
    ComputeCloud cloud(8);
    cloud.keystone.quotas().set_limit(cloud.project_id, "instances", -1);
    cloud.keystone.quotas().set_limit(cloud.project_id, "cores", -1);
    cloud.keystone.quotas().set_limit(cloud.project_id, "ram", -1);
    std::vector<std::string> ids;
    for (int i = 0; i < 60; ++i)
      ids.push_back(cloud.boot("vm" + std::to_string(i), "1").uuid);
    ServerCreate batch;
    batch.name = "batch";
    batch.flavor_id = "2";
    batch.image_id = cloud.image_id;
    batch.min_count = batch.max_count = 20;
    for (const Instance& i : cloud.nova->create_servers(cloud.alice, batch).instances) {
      ids.push_back(i.uuid);
    }
    cloud.settle();
    std::vector<std::string> hosts;
    std::int64_t vcpus = 0;
    for (const std::string& id : ids) {
      const Instance i = cloud.server(id);
      CHECK(i.vm_state == VmState::active);
      hosts.push_back(i.host);
    }
    std::size_t downloads = 0;
    for (const auto& t : cloud.backend.fixed_storage().transfers) {
      downloads += t.kind == stacksim::runtime::TransferKind::image_download;
    }
    for (int h = 1; h <= 8; ++h) {
      vcpus += cloud.nova->hypervisor_usage(cloud.admin, "cn" + std::to_string(h)).vcpus_used;
      // Every host downloaded the image once, however many servers it booted.
      CHECK(cloud.cache.contains("cn" + std::to_string(h), cloud.image_id));
    }
    CHECK(vcpus == 80);
    CHECK(downloads == 8);
    // All builds overlapped: 80 servers took one spawn time, not 80.
    CHECK(cloud.sim.now() < stacksim::runtime::TimePoint(25s));
    return hosts;
  };
  CHECK(run_once() == run_once());
}

TEST_CASE("a second boot of the same image on a host skips the download") {
  ComputeCloud cloud(1);
  cloud.boot("first");
  cloud.settle();
  cloud.boot("second");
  cloud.settle();
  std::size_t downloads = 0;
  for (const auto& t : cloud.backend.fixed_storage().transfers) {
    downloads += t.kind == stacksim::runtime::TransferKind::image_download;
  }
  CHECK(downloads == 1);
  REQUIRE(cloud.cache.list("cn1").size() == 1);
  CHECK(cloud.cache.list("cn1")[0].hits == 1);
}

TEST_CASE("disabled and forced-down services receive no servers") {
  ComputeCloud cloud(2);
  cloud.nova->set_service_disabled(cloud.admin, "cn1", true, "maintenance");
  const auto services = cloud.nova->list_services(cloud.admin);
  REQUIRE(services.size() == 2);
  CHECK(services[0].service.disabled);
  CHECK(services[0].service.disabled_reason == "maintenance");
  CHECK(services[0].up);
  const ServiceStatus down = cloud.nova->set_service_forced_down(cloud.admin, "cn2", true);
  CHECK_FALSE(down.up);
  const std::string id = cloud.boot("nowhere").uuid;
  cloud.settle();
  CHECK(cloud.server(id).vm_state == VmState::error);
  cloud.nova->set_service_forced_down(cloud.admin, "cn2", false);
  const std::string ok = cloud.boot("somewhere").uuid;
  cloud.settle();
  CHECK(cloud.server(ok).host == "cn2");
}
