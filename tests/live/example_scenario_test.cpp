// scenarios/examples/live-3node-lab.json: the install guides' controller + two computes on the
// libvirt test driver. Its backend section builds the live backend; the guide's servers boot on
// the compute nodes and a volume from the controller's pool attaches to one of them.

#include <catch2/catch.hpp>

#include <fstream>

#include "core/runtime/uuid.hpp"
#include "live/live_backend.hpp"
#include "live_test_support.hpp"

using namespace stacksim;
using live::testing::run_to_completion;
using runtime::PowerState;
using runtime::Task;

TEST_CASE("example: the install guide's 3-node lab boots on the libvirt test driver") {
  const std::string file =
      std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/live-3node-lab.json";
  std::ifstream in(file);
  const nlohmann::json scenario = nlohmann::json::parse(in);
  auto backend = live::make_live_backend(scenario.at("backend"), file);
  REQUIRE(backend->hosts() == std::vector<std::string>{"compute1", "compute2"});
  const nlohmann::json& flavor = scenario.at("flavors").at(0);
  const nlohmann::json& image = scenario.at("images").at(0);
  std::vector<runtime::InstanceSpec> servers;
  for (const nlohmann::json& server : scenario.at("servers")) {
    runtime::InstanceSpec spec;
    spec.uuid = runtime::Uuid::at(scenario.at("seed").get<std::uint64_t>(), servers.size()).str();
    spec.name = server.at("name").get<std::string>();
    spec.vcpus = flavor.at("vcpus").get<int>();
    spec.memory_mb = flavor.at("memory_mb").get<std::int64_t>();
    spec.root_gb = flavor.at("root_gb").get<std::int64_t>();
    spec.image.id = image.at("id").get<std::string>();
    spec.image.size_bytes = image.at("size_bytes").get<std::int64_t>();
    servers.push_back(spec);
  }
  auto body = [&]() -> Task<void> {
    co_await backend->start();
    const runtime::HostInfo compute1 = co_await backend->hypervisor("compute1").host_info();
    CHECK(compute1.vcpus == 8);
    CHECK(compute1.memory_mb == 16 * 1024);
    const std::vector<std::string> hosts = backend->hosts();
    for (std::size_t i = 0; i < servers.size(); ++i)
      co_await backend->hypervisor(hosts[i % hosts.size()]).spawn(servers[i]);
    for (const std::string& host : hosts) {
      const auto listed = co_await backend->hypervisor(host).list_instances();
      CHECK(listed.size() == 2);
      for (const auto& info : listed)
        CHECK(info.power_state == PowerState::running);
    }
    runtime::VolumeSpec volume;
    volume.id = "volume1";
    volume.size_gb = 1;
    co_await backend->storage().create_volume(volume);
    runtime::VolumeConnection connection =
        co_await backend->storage().attach_volume("volume1", "compute1");
    connection.device_name = "/dev/vdb";
    CHECK(connection.size_gb == 1);
    co_await backend->hypervisor("compute1").attach_volume(servers[0].uuid, connection);
    co_await backend->hypervisor("compute1").detach_volume(servers[0].uuid, "volume1");
    co_await backend->storage().delete_volume("volume1");
    for (std::size_t i = 0; i < servers.size(); ++i)
      co_await backend->hypervisor(hosts[i % hosts.size()]).destroy(servers[i].uuid);
    backend->stop_monitoring();
  };
  run_to_completion(backend->wall_executor(), body());
}
