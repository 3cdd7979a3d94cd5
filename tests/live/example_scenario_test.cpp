// scenarios/examples/live-3node-lab.json: the install guides' controller + two computes on the
// libvirt test driver. The scenario's backend section builds the live backend, and the same
// control plane as in simulation (Keystone, Glance, Nova's scheduler and conductor) boots the
// guide's four instances onto the compute nodes.

#include <catch2/catch.hpp>

#include <set>

#include "scenarios/cloud/cloud.hpp"
#include "scenarios/cloud/cloud_run.hpp"
#include "scenarios/schema/scenario_loader.hpp"

using namespace stacksim;
using runtime::PowerState;
using runtime::Task;

namespace {

Task<void> list_domains(runtime::Backend& backend, std::vector<std::string> hosts,
                        std::map<std::string, std::vector<runtime::InstanceInfo>>* out) {
  for (const std::string& host : hosts)
    (*out)[host] = co_await backend.hypervisor(host).list_instances();
}

}  // namespace

TEST_CASE("example: the install guide's 3-node lab boots through the control plane on libvirt") {
  const std::string file =
      std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/live-3node-lab.json";
  const scenarios::Scenario scenario = scenarios::load_scenario(file);
  REQUIRE(scenario.backend.type == "live");
  scenarios::CloudOptions options;
  options.admin_password = "secret";
  options.identity.password_hash_rounds = 1000;
  scenarios::Cloud cloud(scenario, options);
  CHECK_FALSE(cloud.simulated());
  CHECK(cloud.compute_hosts() == std::vector<std::string>{"compute1", "compute2"});
  CHECK(cloud.image_store() == "controller");

  const scenarios::RunSummary summary = scenarios::run_on_cloud(cloud, scenario);
  CHECK(summary.arrivals == 4);
  CHECK(summary.placed == 4);
  CHECK(summary.active_end == 4);

  std::map<std::string, std::vector<runtime::InstanceInfo>> domains;
  cloud.run(list_domains(cloud.backend(), cloud.compute_hosts(), &domains));
  std::set<std::string> uuids;
  for (const auto& server : cloud.compute().list_servers(cloud.admin())) {
    CHECK(server.vm_state == compute::VmState::active);
    uuids.insert(server.uuid);
  }
  REQUIRE(uuids.size() == 4);
  std::size_t running = 0;
  for (const auto& [host, list] : domains) {
    // Nova's default weighers spread the guide's four instances two per compute node.
    CHECK(list.size() == 2);
    for (const auto& info : list) {
      CHECK(info.power_state == PowerState::running);
      CHECK(uuids.contains(info.uuid));
      ++running;
    }
  }
  CHECK(running == 4);
}
