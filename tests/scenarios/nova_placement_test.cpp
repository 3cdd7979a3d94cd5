#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "scenarios/runner/experiment.hpp"
#include "scenarios/schema/scenario_loader.hpp"
#include "temp_files.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;
using nlohmann::json;

namespace {

struct Request {
  int vcpus;
  std::int64_t memory_mb;
  std::int64_t disk_gb;
};

/// Requests of mixed sizes, more than the datacenter holds, so that late ones are rejected.
std::vector<Request> requests() {
  const Request sizes[] = {{1, 2048, 20},   {2, 4096, 40},  {4, 8192, 80},
                           {8, 16384, 160}, {2, 30720, 20}, {16, 4096, 10}};
  std::vector<Request> out;
  for (int i = 0; i < 160; ++i)
    out.push_back(sizes[(i * 7 + i / 5) % 6]);
  return out;
}

json host_classes() {
  return json::parse(R"([
    {"name": "big", "count": 4, "vcpus": 32, "memory_mb": 131072, "disk_gb": 2000},
    {"name": "small", "count": 6, "vcpus": 16, "memory_mb": 65536, "disk_gb": 800,
     "properties": {"ram_weight_multiplier": "2.5"}},
    {"name": "edge", "count": 3, "vcpus": 8, "memory_mb": 32768, "disk_gb": 400,
     "availability_zone": "edge", "cpu_allocation_ratio": 4.0}
  ])");
}

const json kWeighers = {"RAMWeigher", "CPUWeigher", "DiskWeigher", "BuildFailureWeigher"};

/// The scenario: the requests as a stacksim-csv trace (no lifetimes, so nothing is released).
json scenario(const std::filesystem::path& dir) {
  std::string trace = "arrival_s,vcpus,memory_mb,disk_gb\n";
  int t = 0;
  for (const Request& r : requests()) {
    trace += std::to_string(t++) + "," + std::to_string(r.vcpus) + "," +
             std::to_string(r.memory_mb) + "," + std::to_string(r.disk_gb) + "\n";
  }
  write_file(dir / "requests.csv", trace);
  json doc;
  doc["name"] = "nova-equivalence";
  doc["seed"] = 3;
  doc["datacenter"] = {{"host_classes", host_classes()}};
  doc["control_plane"] = {{"scheduler",
                           {{"placement_policy", "nova"},
                            {"weight_classes", kWeighers},
                            {"weigher_multipliers",
                             {{"cpu_weight_multiplier", 2.0}, {"disk_weight_multiplier", 0.5}}}}},
                          {"allocation_ratios", {{"cpu", 16.0}, {"ram", 1.5}, {"disk", 1.0}}},
                          {"reserved", {{"host_memory_mb", 1024}}}};
  doc["workload"] = {{"trace", {{"format", "stacksim-csv"}, {"path", "requests.csv"}}}};
  return doc;
}

/// The same datacenter and requests as a `stacksim schedule` case, named the way the runner
/// names its hosts and aggregates.
json schedule_case() {
  json hosts = json::array();
  for (const json& c : host_classes()) {
    for (int i = 0; i < c["count"].get<int>(); ++i) {
      json h = {{"name", c["name"].get<std::string>() + "-" + std::to_string(i)},
                {"vcpus", c["vcpus"]},
                {"memory_mb", c["memory_mb"]},
                {"disk_gb", c["disk_gb"]},
                {"aggregates",
                 {{{"name", "class:" + c["name"].get<std::string>()},
                   {"metadata", c.value("properties", json::object())}}}}};
      if (c.contains("availability_zone")) h["az"] = c["availability_zone"];
      if (c.contains("cpu_allocation_ratio")) h["cpu_allocation_ratio"] = c["cpu_allocation_ratio"];
      hosts.push_back(h);
    }
  }
  json reqs = json::array();
  for (const Request& r : requests()) {
    reqs.push_back({{"flavor",
                     {{"name", "f"},
                      {"vcpus", r.vcpus},
                      {"memory_mb", r.memory_mb},
                      {"root_gb", r.disk_gb},
                      {"ephemeral_gb", 0}}},
                    {"num_instances", 1}});
  }
  return {{"config",
           {{"weight_classes", kWeighers},
            {"weighers", {{"cpu_weight_multiplier", 2.0}, {"disk_weight_multiplier", 0.5}}},
            {"cpu_allocation_ratio", 16.0},
            {"ram_allocation_ratio", 1.5},
            {"disk_allocation_ratio", 1.0},
            {"reserved_host_memory_mb", 1024}}},
          {"hosts", hosts},
          {"requests", reqs}};
}

/// Collects the boot decisions (host names, "null" for NoValidHost) in order.
class DecisionLog final : public RunRecorder {
 public:
  std::vector<std::string> hosts;
  void begin(const Scenario&, const std::vector<HostRow>& rows) override { rows_ = rows; }
  void instance(const InstanceRow&) override {}
  void decision(const DecisionRow& row) override {
    hosts.push_back(row.host < 0 ? "null" : rows_.at(static_cast<std::size_t>(row.host)).name);
  }
  void instance_event(const InstanceEventRow&) override {}
  void sample(const SampleRow&) override {}
  void host_sample(const HostSampleRow&) override {}
  void fault(const FaultRow&) override {}
  void finish(const RunSummary&, const std::vector<HostSummaryRow>&) override {}

 private:
  std::vector<HostRow> rows_;
};

std::vector<std::string> runner_hosts(const json& doc, const std::filesystem::path& dir) {
  const Scenario s = parse_scenario(doc, (dir / "scenario.json").string());
  Experiment e(s);
  DecisionLog log;
  const RunSummary summary = e.run({}, &log);
  CHECK(summary.placement_policy == "nova");
  return log.hosts;
}

/// `stacksim schedule`'s chosen hosts, or nothing when this build has no stacksim program.
std::optional<std::vector<std::string>> schedule_hosts(const std::filesystem::path& case_file) {
  const std::filesystem::path program =
      std::filesystem::path(STACKSIM_BINARY_DIR) / "apps/stacksim";
  if (!std::filesystem::exists(program)) return std::nullopt;
  const std::string command = program.string() + " schedule " + case_file.string();
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    out.append(buffer, n);
  REQUIRE(pclose(pipe) == 0);
  std::vector<std::string> hosts;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const json j = json::parse(line);
    hosts.push_back(j["host"].is_null() ? "null" : j["host"].get<std::string>());
  }
  return hosts;
}

}  // namespace

TEST_CASE("nova placement: the runner places exactly as `stacksim schedule` on the same case") {
  const auto dir = fresh_dir("nova-placement");
  const std::vector<std::string> runner = runner_hosts(scenario(dir), dir);
  REQUIRE(runner.size() == requests().size());
  // The case is sized so that both outcomes occur.
  CHECK(std::count(runner.begin(), runner.end(), "null") > 0);
  CHECK(std::count(runner.begin(), runner.end(), "null") < static_cast<long>(runner.size()) / 2);

  const auto case_file = dir / "case.json";
  write_file(case_file, schedule_case().dump());
  const auto scheduled = schedule_hosts(case_file);
  if (!scheduled) {
    WARN("no stacksim program in this build; only the runner side ran");
    return;
  }
  CHECK(runner == *scheduled);
}

TEST_CASE("nova placement: spreads like the RAM weigher and honours the runner's constraints") {
  const auto dir = fresh_dir("nova-placement-spread");
  json doc = scenario(dir);
  doc["control_plane"]["scheduler"].erase("weight_classes");
  doc["control_plane"]["scheduler"].erase("weigher_multipliers");
  // Two identical small requests: the second goes to another host (RAM weigher spreads).
  write_file(dir / "requests.csv", "arrival_s,vcpus,memory_mb\n0,1,1024\n1,1,1024\n");
  const std::vector<std::string> hosts = runner_hosts(doc, dir);
  REQUIRE(hosts.size() == 2);
  CHECK(hosts[0] == "big-0");
  CHECK(hosts[1] == "big-1");

  // Anti-affinity from the trace is applied by the runner through the policy's host filter.
  write_file(dir / "requests.csv",
             "arrival_s,vcpus,memory_mb,constraints\n0,1,1024,anti-affinity:g\n"
             "1,1,1024,anti-affinity:g\n");
  const std::vector<std::string> grouped = runner_hosts(doc, dir);
  REQUIRE(grouped.size() == 2);
  CHECK(grouped[0] != grouped[1]);
}
