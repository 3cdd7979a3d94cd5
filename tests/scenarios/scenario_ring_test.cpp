// The Swift rings a scenario describes, as swift-ring-builder would build them.

#include <catch2/catch.hpp>

#include <set>

#include "scenarios/cloud/cloud.hpp"
#include "scenarios/rings/scenario_ring.hpp"
#include "scenarios/schema/scenario_loader.hpp"

using namespace stacksim;

namespace {

scenarios::Scenario example(const std::string& name) {
  return scenarios::load_scenario(std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/" + name);
}

}  // namespace

TEST_CASE("scenario rings: Havana's five zones share the partitions evenly, one replica per zone") {
  const std::vector<scenarios::ScenarioRing> rings =
      scenarios::build_scenario_rings(example("havana-swift-zones.json"));
  REQUIRE(rings.size() == 1);
  const scenarios::ScenarioRing& ring = rings.front();
  CHECK(ring.name == "object");
  CHECK(ring.builder.parts() == 1024);
  REQUIRE(ring.builder.devs().size() == 5);
  for (const auto& dev : ring.builder.devs()) {
    REQUIRE(dev.has_value());
    CHECK(dev->port == 6200);
    CHECK(dev->ip == "object" + std::to_string(dev->zone));
    CHECK(ring.hosts.host(*dev) == dev->ip);
  }
  const auto [parts_per_dev, worst] = ring.builder.validate_with_stats();
  for (std::int64_t parts : parts_per_dev)
    CHECK((parts == 614 || parts == 615));
  CHECK(worst < 0.2);
  for (std::int64_t part = 0; part < ring.builder.parts(); ++part) {
    std::set<int> zones;
    for (const objectstore::Device* dev : ring.builder.get_part_devices(part))
      zones.insert(dev->zone);
    REQUIRE(zones.size() == 3);
  }
}

TEST_CASE("scenario rings: weight-0 devices of the expansion template hold no partitions yet") {
  const std::vector<scenarios::ScenarioRing> rings =
      scenarios::build_scenario_rings(example("ring-expansion.json"));
  REQUIRE(rings.size() == 1);
  const auto [parts_per_dev, worst] = rings.front().builder.validate_with_stats();
  REQUIRE(parts_per_dev.size() == 8);
  CHECK(parts_per_dev[6] == 0);
  CHECK(parts_per_dev[7] == 0);
  std::int64_t total = 0;
  for (std::int64_t parts : parts_per_dev)
    total += parts;
  CHECK(total == 3 * 4096);
}

TEST_CASE("scenario rings: the same seed builds the same ring, another seed another one") {
  scenarios::Scenario scenario = example("havana-swift-zones.json");
  const auto a = scenarios::build_scenario_rings(scenario);
  const auto b = scenarios::build_scenario_rings(scenario);
  scenario.seed += 1;
  const auto c = scenarios::build_scenario_rings(scenario);
  CHECK(a.front().builder.state().replica2part2dev == b.front().builder.state().replica2part2dev);
  CHECK(a.front().builder.state().replica2part2dev != c.front().builder.state().replica2part2dev);
}

TEST_CASE("scenario rings: the cloud holds its scenario's rings and hash path salt") {
  scenarios::CloudOptions options;
  options.admin_password = "secret";
  options.identity.password_hash_rounds = 1000;
  scenarios::Cloud cloud(example("havana-swift-zones.json"), options);
  REQUIRE(cloud.ring("object") != nullptr);
  CHECK(cloud.ring("account") == nullptr);
  CHECK(cloud.ring("object")->builder.devs().size() == 5);
  CHECK(cloud.hash_path().suffix ==
        "stacksim-" + std::to_string(example("havana-swift-zones.json").seed));
}
