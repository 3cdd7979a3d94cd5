#include <catch2/catch.hpp>

#include "scenario_error_of.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/schema/overrides.hpp"
#include "scenarios/schema/scenario_loader.hpp"
#include "temp_files.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;
using nlohmann::json;

namespace {

json minimal() {
  return json::parse(R"({
    "name": "t",
    "seed": 3,
    "duration_s": 3600,
    "datacenter": {"host_classes": [{"name": "compute", "count": 4, "vcpus": 16, "memory_mb": 32768}]},
    "workload": {"generators": [{"kind": "poisson", "rate_per_s": 0.1,
                                 "lifetime": {"distribution": "exponential", "mean_s": 600}}]}
  })");
}

}  // namespace

TEST_CASE("a minimal scenario gets Nova's defaults") {
  const Scenario s = parse_scenario(minimal(), "s.json");
  CHECK(s.seed == 3);
  CHECK(*s.duration_s == 3600);
  REQUIRE(s.datacenter.host_classes.size() == 1);
  CHECK(s.datacenter.host_classes[0].role == "compute");
  CHECK(s.control_plane.cpu_allocation_ratio == 16.0);
  CHECK(s.control_plane.ram_allocation_ratio == 1.5);
  CHECK(s.control_plane.reserved_host_memory_mb == 512);
  CHECK(s.control_plane.scheduler.placement_policy == "nova");
  CHECK(s.flavors.size() == 5);  // the m1 flavors
  REQUIRE(s.workload.generators.size() == 1);
  CHECK(s.workload.generators[0].name == "poisson-0");
  CHECK(s.workload.generators[0].flavor_weights.size() == 5);
  CHECK(s.telemetry.interval_s == 300);
}

TEST_CASE("errors name the file, the JSON path and what was expected") {
  json doc = minimal();
  doc["datacenter"]["host_classes"][0]["vcpu"] = 8;
  CHECK_THAT(scenario_error_of(doc),
             Catch::Contains("s.json: /datacenter/host_classes/0/vcpu: unknown field"));

  doc = minimal();
  doc["datacenter"]["host_classes"][0]["count"] = "four";
  CHECK_THAT(scenario_error_of(doc),
             Catch::Contains("/datacenter/host_classes/0/count: expected an integer"));

  doc = minimal();
  doc["workload"]["generators"][0].erase("lifetime");
  CHECK_THAT(scenario_error_of(doc),
             Catch::Contains("/workload/generators/0/lifetime: required field"));

  doc = minimal();
  doc["workload"]["generators"][0]["flavors"] = json::array({"m1.huge"});
  CHECK_THAT(scenario_error_of(doc),
             Catch::Contains("/workload/generators/0/flavors: no flavor called \"m1.huge\""));

  doc = minimal();
  doc["workload"]["generators"][0]["kind"] = "poison";
  CHECK_THAT(scenario_error_of(doc),
             Catch::Contains("expected one of: batch, bursty, diurnal, poisson"));

  doc = minimal();
  doc.erase("duration_s");
  CHECK_THAT(scenario_error_of(doc), Catch::Contains("never stops"));

  doc = minimal();
  doc["control_plane"]["scheduler"] = {{"placement_policy", "best-fit"},
                                       {"enabled_filters", {"ComputeFilter"}}};
  CHECK_THAT(scenario_error_of(doc), Catch::Contains("applies to placement_policy \"nova\" only"));

  doc = minimal();
  doc["control_plane"]["scheduler"] = {{"enabled_filters", {"RamFilter"}}};
  CHECK_THAT(scenario_error_of(doc), Catch::Contains("unknown name \"RamFilter\""));

  doc = minimal();
  doc["faults"] = json::array({{{"kind", "host-down"}, {"at_s", 10}, {"hosts", {"compute-9"}}}});
  CHECK_THAT(scenario_error_of(doc),
             Catch::Contains("/faults/0/hosts: no compute host called \"compute-9\""));

  doc = minimal();
  doc["faults"] = json::array({{{"kind", "rack-down"}, {"at_s", 10}, {"rack", "r1"}}});
  CHECK_THAT(scenario_error_of(doc), Catch::Contains("rack-down needs datacenter.topology"));

  doc = minimal();
  doc["datacenter"]["host_classes"].push_back(doc["datacenter"]["host_classes"][0]);
  CHECK_THAT(scenario_error_of(doc), Catch::Contains("a second host class called \"compute\""));
}

TEST_CASE("trace sections accept only their format's files and options") {
  const auto dir = fresh_dir("schema-trace");
  write_file(dir / "vmtable.csv", "a,s,d,0,600,1,1,1,Interactive,2,4\n");
  json doc = minimal();
  doc["workload"] = {{"trace",
                      {{"format", "azure-2017"},
                       {"path", "vmtable.csv"},
                       {"options", {{"min_lifetime_s", 300}}},
                       {"filters", {{"max_vcpus", 8}, {"sample_fraction", 0.5}}},
                       {"time_scale", 0.5}}}};
  const std::string file = (dir / "s.json").string();
  const Scenario s = parse_scenario(doc, file);
  REQUIRE(s.workload.trace);
  CHECK(s.workload.trace->path == (dir / "vmtable.csv").string());  // relative to the file
  CHECK(s.workload.trace->options.min_lifetime_s == 300);
  CHECK(s.workload.trace->filter.time_scale == 0.5);
  CHECK(s.workload.trace->filter.seed == 3);

  doc["workload"]["trace"]["options"] = {{"machine_vcpus", 32}};
  try {
    (void)parse_scenario(doc, file);
    FAIL("accepted an option azure-2017 does not take");
  } catch (const ScenarioError& e) {
    CHECK_THAT(e.what(), Catch::Contains("/workload/trace/options/machine_vcpus: unknown field"));
  }
  doc["workload"]["trace"].erase("options");
  doc["workload"]["trace"]["path"] = "missing.csv";
  try {
    (void)parse_scenario(doc, file);
    FAIL("accepted a missing trace");
  } catch (const ScenarioError& e) {
    CHECK_THAT(e.what(), Catch::Contains("/workload/trace/path: no such file"));
  }
}

TEST_CASE("command-line overrides (--set) change fields by dotted path") {
  json doc = minimal();
  apply_override(doc, "seed=9");
  apply_override(doc, "datacenter.host_classes.0.count=10");
  apply_override(doc, "control_plane.scheduler.placement_policy=worst-fit");
  apply_override(doc, "workload.generators.0.flavors=[\"m1.tiny\"]");
  const Scenario s = parse_scenario(doc, "s.json");
  CHECK(s.seed == 9);
  CHECK(s.datacenter.host_classes[0].count == 10);
  CHECK(s.control_plane.scheduler.placement_policy == "worst-fit");
  CHECK(s.workload.generators[0].flavor_weights.size() == 1);
  CHECK_THROWS_WITH(apply_override(doc, "datacenter.host_classes.3.count=1"),
                    Catch::Contains("--set datacenter.host_classes.3.count=1") &&
                        Catch::Contains("index below 1"));
  CHECK_THROWS_WITH(apply_override(doc, "seed"), Catch::Contains("expected key.path=value"));
  apply_override(doc, "datacenter.host_classes.0.colour=red");
  CHECK_THAT(scenario_error_of(doc),
             Catch::Contains("/datacenter/host_classes/0/colour: unknown field"));
}

TEST_CASE("load_scenario reports JSON syntax errors with line and column") {
  const auto dir = fresh_dir("schema-syntax");
  const auto file = write_file(dir / "bad.json", "{\n  \"seed\": 1,\n  \"datacenter\": {,\n}\n");
  CHECK_THROWS_WITH(load_scenario(file), Catch::Contains("bad.json: line 3 column"));
}
