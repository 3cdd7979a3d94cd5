#include <catch2/catch.hpp>

#include "core/identity/quota_engine.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/identity/temp_database.hpp"

using namespace stacksim::identity;
using namespace std::chrono_literals;
using stacksim::runtime::ServiceError;
using stacksim::sim::Simulator;
using stacksim::store::Database;

TEST_CASE("reserve, commit, rollback and release track usage") {
  Simulator sim;
  Database db = Database::open_in_memory();
  QuotaEngine quotas(db, sim, 1);
  CHECK(quotas.usage("p", "cores").limit == 20);
  const std::string r1 = quotas.reserve("p", {{"instances", 1}, {"cores", 4}, {"ram", 8192}});
  CHECK(quotas.usage("p", "cores").reserved == 4);
  quotas.commit(r1);
  CHECK(quotas.usage("p", "cores").in_use == 4);
  CHECK(quotas.usage("p", "cores").reserved == 0);
  const std::string r2 = quotas.reserve("p", {{"cores", 16}});
  CHECK(quotas.usage("p", "cores").headroom() == 0);
  quotas.rollback(r2);
  CHECK(quotas.usage("p", "cores").headroom() == 16);
  quotas.release("p", {{"instances", 1}, {"cores", 4}, {"ram", 8192}});
  CHECK(quotas.usage("p", "cores").in_use == 0);
  CHECK_THROWS_WITH(quotas.commit(r2), Catch::Contains("could not be found"));
}

TEST_CASE("going over a limit is QuotaExceeded with Nova's message") {
  Simulator sim;
  Database db = Database::open_in_memory();
  QuotaEngine quotas(db, sim, 1);
  quotas.commit(quotas.reserve("p", {{"cores", 20}}));
  try {
    quotas.reserve("p", {{"instances", 1}, {"cores", 4}, {"ram", 2048}});
    FAIL("over quota accepted");
  } catch (const QuotaExceeded& e) {
    CHECK(e.type() == "QuotaExceeded");
    CHECK(e.http_status() == 403);
    CHECK(std::string(e.what()) ==
          "Quota exceeded for cores: Requested 4, but already used 20 of 20 cores");
    REQUIRE(e.overs().size() == 1);
  }
  // Nothing was held by the failed request.
  CHECK(quotas.usage("p", "instances").reserved == 0);
  quotas.set_limit("p", "ram", 1024);
  try {
    quotas.reserve("p", {{"ram", 2048}, {"cores", 1}});
    FAIL("over quota accepted");
  } catch (const QuotaExceeded& e) {
    CHECK(std::string(e.what()) ==
          "Quota exceeded for cores, ram: Requested 1, 2048, but already used 20, 0 of 20, 1024 "
          "cores, ram");
  }
}

TEST_CASE("limits: unlimited, defaults, per-project values and their validation") {
  Simulator sim;
  Database db = Database::open_in_memory();
  QuotaEngine quotas(db, sim, 1);
  quotas.set_limit("p", "instances", -1);
  CHECK_NOTHROW(quotas.commit(quotas.reserve("p", {{"instances", 1000}})));
  quotas.set_default("volumes", 2);
  CHECK(quotas.usage("q", "volumes").limit == 2);
  CHECK_THROWS_AS(quotas.reserve("q", {{"volumes", 3}}), QuotaExceeded);
  try {
    quotas.set_limit("p", "instances", 10);
    FAIL("limit below usage accepted");
  } catch (const ServiceError& e) {
    CHECK(e.type() == "InvalidQuotaValue");
    CHECK(std::string(e.what()) ==
          "Quota limit 10 for instances must be greater than or equal to already used and "
          "reserved 1000.");
  }
  try {
    (void)quotas.usage("p", "widgets");
    FAIL("unknown resource accepted");
  } catch (const ServiceError& e) {
    CHECK(e.type() == "QuotaResourceUnknown");
    CHECK(std::string(e.what()) == "Unknown quota resources ['widgets'].");
  }
  quotas.clear_limits("p");
  CHECK(quotas.usage("p", "instances").limit == 10);
  CHECK(quotas.quota_set("p").size() == 9);
}

TEST_CASE("reservations expire on the simulated clock and usage persists across reopen") {
  const auto path = stacksim::testing::temp_database("identity", "quota.db");
  Simulator sim;
  {
    Database db = Database::open(path);
    QuotaEngine quotas(db, sim, 1, 3600s);
    quotas.commit(quotas.reserve("p", {{"floating_ips", 3}}));
    quotas.reserve("p", {{"floating_ips", 5}});
    sim.run_until(stacksim::runtime::TimePoint(3599s));
    CHECK(quotas.expire_reservations() == 0);
  }
  sim.run_until(stacksim::runtime::TimePoint(3600s));
  Database db = Database::open(path);
  QuotaEngine quotas(db, sim, 1, 3600s);
  CHECK(quotas.usage("p", "floating_ips").reserved == 5);
  CHECK(quotas.expire_reservations() == 1);
  CHECK(quotas.usage("p", "floating_ips").reserved == 0);
  CHECK(quotas.usage("p", "floating_ips").in_use == 3);
}
