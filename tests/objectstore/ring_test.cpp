#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/objectstore/ring.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "core/objectstore/ring_errors.hpp"

using namespace stacksim::objectstore;
namespace fs = std::filesystem;

namespace {

RingBuilder two_region_builder() {
  RingBuilder b(10, 3, 1);
  for (int r = 1; r <= 2; ++r) {
    for (int z = 1; z <= 3; ++z) {
      for (int s = 0; s < 2; ++s) {
        for (int disk = 0; disk < 2; ++disk) {
          Device d;
          d.region = r;
          d.zone = z;
          d.ip = "10." + std::to_string(r) + "." + std::to_string(z) + "." + std::to_string(s);
          d.port = 6200;
          d.replication_ip = d.ip;
          d.replication_port = 6200;
          d.device = disk == 0 ? "sdb" : "sdc";
          d.weight = 100;
          b.add_dev(d);
        }
      }
    }
  }
  b.rebalance(11, 1700000000);
  return b;
}

}  // namespace

TEST_CASE("get_nodes hashes the path with prefix and suffix") {
  const HashPathConfig config{"pre", "suf"};
  // md5("pre/a/c/o" + "suf"): reference from hashlib.
  const auto digest = hash_path(config, "a", "c", "o");
  CHECK(digest[0] == 0x3c);
  CHECK(digest[15] == 0x1f);
  CHECK_THROWS_AS(hash_path(config, "a", "", "o"), std::invalid_argument);
  const Ring ring(two_region_builder().get_ring(), config);
  const auto [part, nodes] = ring.get_nodes("a", "c", "o");
  CHECK(part == (((std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) |
                  (std::uint32_t{digest[2]} << 8) | digest[3]) >>
                 22));
  REQUIRE(nodes.size() == 3);
  std::set<int> ids;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    CHECK(nodes[i].index == static_cast<int>(i));
    ids.insert(nodes[i].device.id);
  }
  CHECK(ids.size() == 3);
}

TEST_CASE("handoffs prefer unused regions, then zones, servers and devices") {
  const Ring ring(two_region_builder().get_ring(), HashPathConfig{"", "x"});
  const auto primaries = ring.get_part_nodes(17);
  const auto handoffs = ring.get_more_nodes(17);
  CHECK(handoffs.size() ==
        static_cast<std::size_t>(ring.assigned_device_count()) - primaries.size());
  std::set<std::pair<int, int>> zones;
  for (const auto& n : primaries)
    zones.insert({n.device.region, n.device.zone});
  // Until every zone is covered, each handoff opens a new zone.
  for (const auto& n : handoffs) {
    if (zones.size() == 6) break;
    CHECK(zones.insert({n.device.region, n.device.zone}).second);
  }
  for (std::size_t i = 0; i < handoffs.size(); ++i)
    CHECK(handoffs[i].handoff_index == static_cast<int>(i));
  CHECK(ring.get_more_nodes(17, 2).size() == 2);
}

TEST_CASE("swift.conf provides the hash path salt") {
  const fs::path dir = fs::temp_directory_path() / "stacksim-objectstore-tests";
  fs::create_directories(dir);
  std::ofstream(dir / "swift.conf") << "[swift-hash]\nswift_hash_path_suffix = changeme\n"
                                       "# comment\nSWIFT_HASH_PATH_PREFIX=pre\n[other]\nx = 1\n";
  const HashPathConfig c = HashPathConfig::from_swift_conf(dir / "swift.conf");
  CHECK(c.prefix == "pre");
  CHECK(c.suffix == "changeme");
  std::ofstream(dir / "empty.conf") << "[swift-hash]\n";
  CHECK_THROWS_AS(HashPathConfig::from_swift_conf(dir / "empty.conf"), RingLoadError);
}
