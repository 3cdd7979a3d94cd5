// The ring_events and ring_replication sections: what they accept and how they name mistakes.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "scenario_error_of.hpp"
#include "scenarios/schema/scenario_loader.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;
using nlohmann::json;

namespace {

json with_ring() {
  return json::parse(R"({
    "name": "rings",
    "duration_s": 7200,
    "datacenter": {
      "host_classes": [
        {"name": "compute", "count": 1, "vcpus": 4, "memory_mb": 8192},
        {"name": "object", "role": "storage", "count": 4, "vcpus": 4, "memory_mb": 8192}],
      "storage": {"swift_rings": [{"name": "object", "part_power": 6, "replicas": 3, "zones": [
        {"zone": 1, "devices": [{"host": "object-0", "device": "sdb", "size_gb": 100}]},
        {"zone": 2, "devices": [{"host": "object-1", "device": "sdb", "size_gb": 100}]},
        {"zone": 3, "devices": [{"host": "object-2", "device": "sdb", "size_gb": 100}]}]}]}
    }
  })");
}

json with_events(json events) {
  json doc = with_ring();
  doc["ring_events"] = std::move(events);
  return doc;
}

}  // namespace

TEST_CASE("ring events: every action reads, in file order, checked in time order") {
  json doc = with_events(json::parse(R"([
    {"at_s": 3600, "action": "set_weight", "ring": "object", "host": "object-3", "device": "sdc", "weight": 50},
    {"at_s": 60, "action": "add_device", "ring": "object", "host": "object-3", "device": "sdc", "zone": 4, "weight": 0},
    {"at_s": 3600, "action": "rebalance", "ring": "object", "pretend_min_part_hours_passed": true},
    {"at_s": 4000, "action": "fail_device", "ring": "object", "host": "object-0", "device": "sdb", "lose_data": true},
    {"at_s": 4100, "action": "fail_server", "host": "object-1"},
    {"at_s": 4200, "action": "restore_server", "host": "object-1"},
    {"at_s": 4300, "action": "restore_device", "ring": "object", "host": "object-0", "device": "sdb"},
    {"at_s": 5000, "action": "remove_device", "ring": "object", "host": "object-2", "device": "sdb"}
  ])"));
  doc["ring_replication"] = json::parse(
      R"({"min_objects": 10, "max_objects": 20, "object_size": "uniform", "min_object_bytes": 1,
          "max_object_bytes": 1000, "concurrency": 2, "scope": "device"})");
  const Scenario s = parse_scenario(doc, "s.json");
  REQUIRE(s.ring_events.size() == 8);
  CHECK(s.ring_events[0].action == "set_weight");
  CHECK(s.ring_events[0].weight == 50);
  CHECK(s.ring_events[1].zone == 4);
  CHECK(s.ring_events[1].region == 1);
  CHECK(s.ring_events[2].pretend_min_part_hours_passed);
  CHECK(s.ring_events[3].lose_data);
  CHECK(s.ring_events[4].ring.empty());
  CHECK(s.ring_replication.max_objects == 20);
  CHECK(s.ring_replication.scope == "device");
  CHECK(s.ring_replication.concurrency == 2);
}

TEST_CASE("ring events: mistakes name the file, the JSON path and what is wrong") {
  const auto event = [](const char* text) { return with_events(json::array({json::parse(text)})); };
  CHECK_THAT(scenario_error_of(event(R"({"at_s": 1, "action": "explode", "ring": "object"})")),
             Catch::Contains("s.json") && Catch::Contains("/ring_events/0/action"));
  CHECK_THAT(scenario_error_of(event(R"({"at_s": 1, "action": "rebalance", "ring": "account"})")),
             Catch::Contains("/ring_events/0/ring") && Catch::Contains("no ring \"account\""));
  CHECK_THAT(scenario_error_of(
                 event(R"({"at_s": 1, "action": "set_weight", "ring": "object", "host": "nowhere",
                         "device": "sdb", "weight": 1})")),
             Catch::Contains("/ring_events/0/host"));
  CHECK_THAT(scenario_error_of(
                 event(R"({"at_s": 1, "action": "set_weight", "ring": "object", "host": "object-3",
                         "device": "sdb", "weight": 1})")),
             Catch::Contains("/ring_events/0/device") && Catch::Contains("not in the object ring"));
  CHECK_THAT(scenario_error_of(
                 event(R"({"at_s": 1, "action": "rebalance", "ring": "object", "seed": 4})")),
             Catch::Contains("/ring_events/0/seed"));
  CHECK_THAT(scenario_error_of(event(R"({"at_s": -1, "action": "rebalance", "ring": "object"})")),
             Catch::Contains("/ring_events/0/at_s"));
  CHECK_THAT(
      scenario_error_of(event(R"({"at_s": 1, "action": "restore_server", "host": "object-0"})")),
      Catch::Contains("/ring_events/0/action") && Catch::Contains("not down"));
  CHECK_THAT(
      scenario_error_of(event(R"({"at_s": 1, "action": "fail_server", "host": "compute-0"})")),
      Catch::Contains("holds no ring device"));
  // Checked in time order: the removal at 10 s comes before the weight change at 20 s.
  CHECK_THAT(scenario_error_of(with_events(json::parse(R"([
      {"at_s": 20, "action": "set_weight", "ring": "object", "host": "object-0", "device": "sdb", "weight": 1},
      {"at_s": 10, "action": "remove_device", "ring": "object", "host": "object-0", "device": "sdb"}])"))),
             Catch::Contains("/ring_events/0/device"));
  json doc = with_ring();
  doc["ring_replication"] = json::parse(R"({"object_size": "uniform", "max_object_bytes": 5})");
  CHECK_THAT(scenario_error_of(doc), Catch::Contains("/ring_replication/min_object_bytes"));
  doc["ring_replication"] = json::parse(R"({"concurency": 2})");
  CHECK_THAT(scenario_error_of(doc), Catch::Contains("/ring_replication/concurency"));
}
