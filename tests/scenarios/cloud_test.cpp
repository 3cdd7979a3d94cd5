// scenarios::Cloud: the whole control plane on a scenario's simulated datacenter.

#include <catch2/catch.hpp>

#include <algorithm>

#include "core/image/image_data.hpp"
#include "core/network/network_service.hpp"
#include "scenarios/cloud/cloud.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/schema/scenario_loader.hpp"

using namespace stacksim;
using scenarios::Cloud;
using scenarios::CloudOptions;

namespace {

CloudOptions options() {
  CloudOptions o;
  o.admin_password = "secret";
  o.identity.password_hash_rounds = 1000;
  return o;
}

nlohmann::json idle_workload() {
  return {{"generators",
           {{{"name", "g"},
             {"kind", "poisson"},
             {"rate_per_s", 0.001},
             {"flavors", {{"m1.tiny", 1}}},
             {"lifetime", {{"distribution", "forever"}}},
             {"max_arrivals", 1}}}}};
}

std::string example(const std::string& name) {
  return std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/" + name;
}

// The client uploads from the controller, where Glance's store is.
runtime::Task<void> upload(image::ImageService& images, identity::RequestContext admin,
                           std::string id, std::string source) {
  image::ImageData data = image::ImageData::pattern(1 << 20, 7);
  co_await images.upload(admin, std::move(id), std::move(data), std::move(source));
}

/// A public CirrOS-like image, uploaded.
std::string public_cirros(Cloud& cloud) {
  image::ImageCreate create;
  create.name = "cirros";
  create.disk_format = "qcow2";
  create.container_format = "bare";
  create.visibility = image::Visibility::public_;
  const std::string image_id = cloud.images().create(cloud.admin(), create).id;
  cloud.run(upload(cloud.images(), cloud.admin(), image_id, cloud.image_store()));
  return image_id;
}

}  // namespace

TEST_CASE("cloud: the Train lab runs nova-compute on its computes, not on the controller") {
  const scenarios::Scenario scenario = scenarios::load_scenario(example("train-3-node-lab.json"));
  Cloud cloud(scenario, options());
  CHECK(cloud.compute_hosts() == std::vector<std::string>{"c1", "c2"});
  CHECK(cloud.image_store() == "ct");
  const auto hosts = cloud.backend().hosts();
  CHECK(std::find(hosts.begin(), hosts.end(), "ct") != hosts.end());
  std::vector<std::string> services;
  for (const auto& s : cloud.compute().list_services(cloud.admin()))
    services.push_back(s.service.host);
  CHECK(services == std::vector<std::string>{"c1", "c2"});
  CHECK_FALSE(cloud.compute().list_flavors(cloud.admin()).empty());
}

TEST_CASE("cloud: a server boots to ACTIVE on a compute host of the scenario") {
  const scenarios::Scenario scenario = scenarios::load_scenario(example("train-3-node-lab.json"));
  Cloud cloud(scenario, options());
  const std::string image_id = public_cirros(cloud);
  compute::ServerCreate request;
  request.name = "vm1";
  request.flavor_id = "m1.small";
  request.image_id = image_id;
  request.networks.mode = compute::NetworkRequest::Mode::none;
  const std::string uuid =
      cloud.compute().create_servers(cloud.admin(), request).instances.front().uuid;
  cloud.settle();
  const compute::Instance server = cloud.compute().get_server(cloud.admin(), uuid);
  CHECK(server.vm_state == compute::VmState::active);
  CHECK((server.host == "c1" || server.host == "c2"));
  // Booting took the scenario's boot time (30 s) plus the image download.
  CHECK(runtime::to_seconds(cloud.simulator().now().time_since_epoch()) >= 30.0);
}

TEST_CASE("cloud: host-class zones and aggregates become host aggregates") {
  const nlohmann::json doc = {
      {"name", "zones"},
      {"datacenter",
       {{"host_classes",
         {{{"name", "gpu"},
           {"count", 2},
           {"vcpus", 16},
           {"memory_mb", 65536},
           {"availability_zone", "az-gpu"},
           {"aggregates", {"fast"}},
           {"properties", {{"gpu", "true"}}}},
          {{"name", "std"}, {"count", 1}, {"vcpus", 8}, {"memory_mb", 16384}}}}}},
      {"workload", idle_workload()}};
  const scenarios::Scenario scenario = scenarios::parse_scenario(doc, "zones.json");
  Cloud cloud(scenario, options());
  const auto aggregates = cloud.compute().list_aggregates(cloud.admin());
  REQUIRE(aggregates.size() == 2);
  CHECK(aggregates[0].name == "az-gpu");
  CHECK(aggregates[0].metadata.at("availability_zone") == "az-gpu");
  CHECK(aggregates[0].hosts == std::vector<std::string>{"gpu-0", "gpu-1"});
  CHECK(aggregates[1].name == "fast");
  CHECK(aggregates[1].metadata.at("gpu") == "true");
  runtime::HostInfo std0;
  auto query = [](runtime::HypervisorDriver& hv, runtime::HostInfo& out) -> runtime::Task<void> {
    out = co_await hv.host_info();
  };
  cloud.run(query(cloud.backend().hypervisor("std-0"), std0));
  CHECK(std0.vcpus == 8);
  CHECK(std0.memory_mb == 16384);
}

TEST_CASE("cloud: per-class allocation ratios are refused, naming the host class") {
  nlohmann::json doc = {{"name", "ratios"},
                        {"datacenter",
                         {{"host_classes",
                           {{{"name", "c"},
                             {"count", 1},
                             {"vcpus", 4},
                             {"memory_mb", 8192},
                             {"cpu_allocation_ratio", 4.0}}}}}},
                        {"workload", idle_workload()}};
  const scenarios::Scenario scenario = scenarios::parse_scenario(doc, "ratios.json");
  CHECK_THROWS_WITH(Cloud(scenario, options()),
                    Catch::Contains("ratios.json: /datacenter/host_classes/0"));
}

TEST_CASE("cloud: a server on a tenant network gets a port bound to its host (build hooks)") {
  const scenarios::Scenario scenario = scenarios::load_scenario(example("train-3-node-lab.json"));
  Cloud cloud(scenario, options());
  network::NetworkRequest net;
  net.project_id = cloud.admin().project_id;
  net.name = "selfservice";
  const std::string network_id = cloud.network().create_network(net).id;
  network::SubnetRequest subnet;
  subnet.project_id = cloud.admin().project_id;
  subnet.network_id = network_id;
  subnet.name = "selfservice";
  subnet.cidr = "172.16.1.0/24";
  cloud.network().create_subnet(subnet);
  const std::string image_id = public_cirros(cloud);
  compute::ServerCreate request;
  request.name = "vm1";
  request.flavor_id = "m1.tiny";
  request.image_id = image_id;
  const std::string uuid =
      cloud.compute().create_servers(cloud.admin(), request).instances.front().uuid;
  cloud.settle();
  const compute::Instance server = cloud.compute().get_server(cloud.admin(), uuid);
  REQUIRE(server.vm_state == compute::VmState::active);
  network::PortFilter filter;
  filter.device_id = uuid;
  const auto ports = cloud.network().list_ports(filter);
  REQUIRE(ports.size() == 1);
  CHECK(ports[0].network_id == network_id);
  CHECK(ports[0].binding_host_id == server.host);
}
