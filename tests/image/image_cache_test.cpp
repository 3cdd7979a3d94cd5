#include <catch2/catch.hpp>

#include "core/image/image_cache.hpp"
#include "core/runtime/spawn.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/identity/temp_database.hpp"
#include "tests/image/fixed_rate_storage.hpp"

using namespace stacksim::image;
using namespace std::chrono_literals;
using stacksim::runtime::Task;
using stacksim::runtime::TimePoint;
using stacksim::sim::Simulator;
using stacksim::store::Database;
using stacksim::testing::FixedRateStorage;

namespace {

Task<void> fetch_into(ImageCache& cache, std::string host, std::string image, std::int64_t size,
                      std::vector<CacheFetch>& out) {
  out.push_back(co_await cache.fetch(std::move(host), std::move(image), size));
}

}  // namespace

TEST_CASE("the first boot on a host downloads the image, the second finds it cached") {
  Simulator sim;
  Database db = Database::open_in_memory();
  FixedRateStorage storage(1e9, 0ns);  // 1 GB/s
  ImageCache cache(db, storage, "glance-store");
  std::vector<CacheFetch> results;
  stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "img", 2'000'000'000, results));
  sim.run_until_idle();
  REQUIRE(results.size() == 1);
  CHECK(results[0].outcome == CacheOutcome::fetched);
  CHECK(results[0].waited == 2s);
  CHECK(results[0].bytes_transferred == 2'000'000'000);
  REQUIRE(storage.transfers.size() == 1);
  CHECK(storage.transfers[0].source == "glance-store");
  CHECK(storage.transfers[0].destination == "cn1");
  CHECK(storage.transfers[0].kind == stacksim::runtime::TransferKind::image_download);

  stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "img", 2'000'000'000, results));
  stacksim::runtime::spawn(sim, fetch_into(cache, "cn2", "img", 2'000'000'000, results));
  sim.run_until_idle();
  CHECK(results[1].outcome == CacheOutcome::hit);
  CHECK(results[1].waited == 0s);
  CHECK(results[2].outcome == CacheOutcome::fetched);  // another host has its own cache
  CHECK(storage.transfers.size() == 2);
  CHECK(cache.list("cn1").at(0).hits == 1);
  CHECK(cache.cached_bytes("cn1") == 2'000'000'000);
}

TEST_CASE("concurrent boots of one image on one host share a single download") {
  Simulator sim;
  Database db = Database::open_in_memory();
  FixedRateStorage storage(1e9, 0ns);
  ImageCache cache(db, storage, "glance-store");
  std::vector<CacheFetch> results;
  for (int i = 0; i < 5; ++i) {
    stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "img", 1'000'000'000, results));
  }
  sim.run_until_idle();
  REQUIRE(results.size() == 5);
  CHECK(storage.transfers.size() == 1);
  int fetched = 0, joined = 0;
  for (const CacheFetch& r : results) {
    CHECK(r.waited == 1s);
    fetched += r.outcome == CacheOutcome::fetched;
    joined += r.outcome == CacheOutcome::joined;
  }
  CHECK(fetched == 1);
  CHECK(joined == 4);
}

TEST_CASE("a failed download caches nothing and fails everyone waiting for it") {
  Simulator sim;
  Database db = Database::open_in_memory();
  FixedRateStorage storage(1e9, 0ns);
  storage.fail_to.insert("cn1");
  ImageCache cache(db, storage, "glance-store");
  std::vector<CacheFetch> results;
  auto a = stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "img", 1000, results));
  auto b = stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "img", 1000, results));
  sim.run_until_idle();
  CHECK_THROWS_WITH(a.rethrow_if_failed(), Catch::Contains("link down"));
  CHECK_THROWS_WITH(b.rethrow_if_failed(), Catch::Contains("link down"));
  CHECK_FALSE(cache.contains("cn1", "img"));
  storage.fail_to.clear();
  stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "img", 1000, results));
  sim.run_until_idle();
  CHECK(cache.contains("cn1", "img"));
}

TEST_CASE("unused images age out of the cache and entries persist across reopen") {
  const auto path = stacksim::testing::temp_database("image", "cache.db");
  Simulator sim;
  FixedRateStorage storage(1e9, 0ns);
  {
    Database db = Database::open(path);
    ImageCache cache(db, storage, "glance-store");
    std::vector<CacheFetch> results;
    stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "a", 100, results));
    stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "b", 200, results));
    stacksim::runtime::spawn(sim, fetch_into(cache, "cn1", "c", 300, results));
    sim.run_until_idle();
  }
  Database db = Database::open(path);
  ImageCache cache(db, storage, "glance-store");
  CHECK(cache.list("cn1").size() == 3);
  sim.run_until(TimePoint(86400s));
  // "a" backs an instance; "b" and "c" are unused and old enough.
  CHECK(cache.remove_unused("cn1", {"a"}, sim.now() - 3600s) == 500);
  REQUIRE(cache.list("cn1").size() == 1);
  CHECK(cache.list("cn1")[0].image_id == "a");
}
