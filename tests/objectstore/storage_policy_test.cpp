#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/objectstore/ring_builder.hpp"
#include "core/objectstore/storage_policy.hpp"

using namespace stacksim::objectstore;
namespace fs = std::filesystem;

TEST_CASE("storage policies come from swift.conf and name their object rings") {
  const fs::path dir = fs::temp_directory_path() / "stacksim-objectstore-tests" / "policies";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "swift.conf") << "[swift-hash]\nswift_hash_path_suffix = s\n"
                                       "[storage-policy:0]\nname = gold\naliases = yellow, orange\n"
                                       "[storage-policy:2]\nname = silver\ndefault = yes\n"
                                       "policy_type = erasure_coding\n";
  const StoragePolicies policies = StoragePolicies::from_swift_conf(dir / "swift.conf");
  REQUIRE(policies.all().size() == 2);
  CHECK(policies.default_policy().name == "silver");
  CHECK(policies.by_name("ORANGE")->index == 0);
  CHECK(policies.by_index(2)->ring_name() == "object-2");
  CHECK(policies.by_index(0)->ring_name() == "object");
  CHECK(policies.by_index(2)->type == PolicyType::erasure_coding);
  CHECK_THROWS_WITH(StoragePolicies({{1, "a", {}, true, true, PolicyType::replication}}),
                    Catch::Contains("Deprecated policy can not be default"));
  CHECK_THROWS_WITH(StoragePolicies({{0, "a", {}, false, false, PolicyType::replication},
                                     {1, "A", {}, false, false, PolicyType::replication}}),
                    Catch::Contains("Duplicate name"));

  // One ring per policy beside the account and container rings.
  for (const std::string name : {"account", "container", "object", "object-2"}) {
    RingBuilder b(6, 3, 1);
    for (int z = 1; z <= 3; ++z) {
      Device d;
      d.zone = z;
      d.ip = "10.0.0." + std::to_string(z);
      d.port = 6200;
      d.replication_ip = d.ip;
      d.replication_port = 6200;
      d.device = "sdb";
      d.weight = 100;
      b.add_dev(d);
    }
    b.rebalance(1, 1700000000);
    save_ring_file(b.get_ring(), dir / (name + ".ring.gz"));
  }
  const RingSet rings(dir, policies, HashPathConfig::from_swift_conf(dir / "swift.conf"));
  CHECK(rings.object(2).get_nodes("a", "c", "o").second.size() == 3);
  CHECK(rings.account().partition_count() == 64);
  CHECK_THROWS_AS(rings.object(1), std::out_of_range);
}
