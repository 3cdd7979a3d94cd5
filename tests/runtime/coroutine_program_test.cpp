// One coroutine program, run on both clocks: the simulated one (sim::Simulator) and the wall-clock
// event loop (runtime::WallExecutor). The order of what happens must be identical; only the
// simulated clock lands on the exact deadlines.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/runtime/blocking.hpp"
#include "core/runtime/sleep.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/wall_executor.hpp"
#include "core/runtime/when_all.hpp"
#include "sim/engine/simulator.hpp"

using namespace stacksim::runtime;
using namespace std::chrono_literals;
using Log = std::vector<std::string>;

namespace {

Task<int> boot(Log& log, std::string name, Duration delay, int result) {
  log.push_back(name + " start");
  co_await sleep_for(delay);
  log.push_back(name + " done");
  co_return result;
}

Task<void> fail_after(Duration delay, std::string message) {
  co_await sleep_for(delay);
  throw std::runtime_error(message);
}

Task<int> compute_blocking() {
  int x = co_await blocking([] { return 6 * 7; });
  co_return x;
}

// The program: two boots in parallel, a failure caught by the caller, a blocking call.
Task<void> program(Log& log, TimePoint& finished) {
  auto [a, b] = co_await when_all(boot(log, "a", 30ms, 1), boot(log, "b", 10ms, 2));
  log.push_back("sum " + std::to_string(a + b));
  try {
    co_await fail_after(5ms, "spawn failed on c1");
  } catch (const std::runtime_error& e) {
    log.push_back(std::string("caught ") + e.what());
  }
  log.push_back("blocking " + std::to_string(co_await compute_blocking()));
  Executor& ex = co_await this_task::executor();
  finished = ex.now();
}

const Log expected_log = {
    "a start", "b start", "b done", "a done", "sum 3", "caught spawn failed on c1", "blocking 42"};

}  // namespace

TEST_CASE("the same coroutine program runs on the simulated clock") {
  stacksim::sim::Simulator sim;
  Log log;
  TimePoint finished{};
  auto handle = spawn(sim, program(log, finished));
  sim.run_until_idle();
  REQUIRE(handle.done());
  handle.rethrow_if_failed();
  CHECK(log == expected_log);
  CHECK(finished == TimePoint(35ms));  // exact: 30 ms (parallel) + 5 ms
}

TEST_CASE("the same coroutine program runs on the wall-clock executor") {
  WallExecutor wall;
  Log log;
  TimePoint finished{};
  auto handle = spawn(wall, program(log, finished));
  wall.run();
  REQUIRE(handle.done());
  handle.rethrow_if_failed();
  CHECK(log == expected_log);
  CHECK(finished >= TimePoint(35ms));
  CHECK(finished < TimePoint(5s));
}

TEMPLATE_TEST_CASE("sleep_for(0) yields to work already due", "", stacksim::sim::Simulator,
                   WallExecutor) {
  TestType ex;
  Log log;
  auto body = [](Log& l, std::string name) -> Task<void> {
    l.push_back(name + "1");
    co_await sleep_for(0ns);
    l.push_back(name + "2");
  };
  spawn(ex, body(log, "x"));
  spawn(ex, body(log, "y"));
  if constexpr (std::is_same_v<TestType, WallExecutor>) {
    ex.run();
  } else {
    ex.run_until_idle();
  }
  CHECK(log == Log{"x1", "y1", "x2", "y2"});
}
