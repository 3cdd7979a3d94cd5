// Scenario runs through the OpenStack control plane (scenarios/cloud/cloud_run.hpp) on the
// simulated datacenter.

#include <catch2/catch.hpp>

#include "scenarios/cloud/cloud_run.hpp"
#include "scenarios/runner/run_session.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/schema/scenario_loader.hpp"
#include "tests/scenarios/temp_files.hpp"

using namespace stacksim;
using namespace stacksim::scenarios;

namespace {

CloudOptions options() {
  CloudOptions o;
  o.admin_password = "secret";
  o.identity.password_hash_rounds = 1000;
  return o;
}

/// Keeps what the run recorded, to compare runs and check rows.
struct Recorded final : RunRecorder {
  std::vector<std::string> decisions;  // "instance host reason"
  std::vector<std::string> states;
  std::vector<HostRow> hosts;
  void begin(const Scenario&, const std::vector<HostRow>& rows) override { hosts = rows; }
  void instance(const InstanceRow& row) override { states.emplace_back(row.state); }
  void decision(const DecisionRow& row) override {
    decisions.push_back(std::to_string(row.instance) + " " + std::to_string(row.host) + " " +
                        std::string(row.reason));
  }
  void instance_event(const InstanceEventRow&) override {}
  void sample(const SampleRow&) override {}
  void host_sample(const HostSampleRow&) override {}
  void fault(const FaultRow&) override {}
  void finish(const RunSummary&, const std::vector<HostSummaryRow>&) override {}
};

Scenario lab(double duration_s) {
  return load_scenario(
      std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/train-3-node-lab.json",
      {"duration_s=" + std::to_string(duration_s)});
}

}  // namespace

TEST_CASE("cloud run: the Train lab's workload goes through Nova, which rejects when full") {
  const Scenario scenario = lab(21600);
  Cloud cloud(scenario, options());
  Recorded recorded;
  const RunSummary s = run_on_cloud(cloud, scenario, {}, &recorded);
  CHECK(s.arrivals > 20);
  CHECK(s.arrivals == s.placed + s.rejected);
  CHECK(s.rejected > 0);  // two 4-vCPU, 8 GB computes under m1.medium load
  REQUIRE(recorded.hosts.size() == 2);
  CHECK(recorded.hosts[0].name == "c1");
  CHECK(recorded.hosts[1].name == "c2");
  std::size_t no_valid_host = 0;
  for (const std::string& d : recorded.decisions)
    no_valid_host += d.find("No valid host was found.") != std::string::npos ? 1 : 0;
  CHECK(no_valid_host == static_cast<std::size_t>(s.rejected));
  CHECK(recorded.states.size() == static_cast<std::size_t>(s.arrivals));
  CHECK(s.energy_kwh > 0);
  CHECK(s.placement_policy == "worst-fit (control plane, simulated)");
}

TEST_CASE("cloud run: the same scenario and seed decide identically") {
  const Scenario scenario = lab(14400);
  Recorded first;
  Recorded second;
  {
    Cloud cloud(scenario, options());
    run_on_cloud(cloud, scenario, {}, &first);
  }
  {
    Cloud cloud(scenario, options());
    run_on_cloud(cloud, scenario, {}, &second);
  }
  CHECK(first.decisions == second.decisions);
  CHECK_FALSE(first.decisions.empty());
}

TEST_CASE("cloud run: a scenario with servers boots them and needs no workload") {
  const nlohmann::json doc = {
      {"name", "servers"},
      {"datacenter",
       {{"host_classes",
         {{{"name", "compute"}, {"count", 3}, {"vcpus", 8}, {"memory_mb", 16384}}}}}},
      {"images", {{{"name", "cirros"}, {"size_bytes", 12716032}}}},
      {"servers",
       {{{"name", "web"}, {"flavor", "m1.small"}, {"image", "cirros"}, {"count", 3}},
        {{"name", "db"}, {"flavor", "m1.large"}, {"image", "cirros"}, {"at_s", 60}}}}};
  const Scenario scenario = parse_scenario(doc, "servers.json");
  Cloud cloud(scenario, options());
  const RunSummary s = run_on_cloud(cloud, scenario);
  CHECK(s.arrivals == 4);
  CHECK(s.placed == 4);
  CHECK(s.active_end == 4);
  CHECK(s.sim_time_s >= 60);
  const auto servers = cloud.compute().list_servers(cloud.admin());
  REQUIRE(servers.size() == 4);
  for (const auto& server : servers)
    CHECK(server.vm_state == compute::VmState::active);
}

TEST_CASE("cloud run: servers name known flavors and images, with the JSON path in the error") {
  const nlohmann::json doc = {
      {"name", "bad"},
      {"datacenter",
       {{"host_classes",
         {{{"name", "compute"}, {"count", 1}, {"vcpus", 8}, {"memory_mb", 16384}}}}}},
      {"images", {{{"name", "cirros"}, {"size_bytes", 1000}}}},
      {"servers", {{{"name", "x"}, {"flavor", "m1.huge"}, {"image", "cirros"}}}}};
  CHECK_THROWS_WITH(parse_scenario(doc, "bad.json"),
                    Catch::Contains("bad.json: /servers/0/flavor: no flavor called m1.huge"));
  nlohmann::json no_image = doc;
  no_image["servers"][0]["flavor"] = "m1.tiny";
  no_image["servers"][0]["image"] = "ubuntu";
  CHECK_THROWS_WITH(parse_scenario(no_image, "bad.json"),
                    Catch::Contains("/servers/0/image: no image called ubuntu"));
}

TEST_CASE("cloud run: --backend live without a live section is refused") {
  SessionOptions session;
  session.backend = "live";
  session.progress = false;
  CHECK_THROWS_WITH(run_session(lab(3600), session),
                    Catch::Contains("--backend live needs the scenario's live backend section"));
}
