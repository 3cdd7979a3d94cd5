#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/runtime/blocking.hpp"
#include "core/runtime/sleep.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/when_all.hpp"
#include "sim/engine/simulator.hpp"

using namespace stacksim::runtime;
using stacksim::sim::Simulator;
using namespace std::chrono_literals;

namespace {

Task<int> value_after(Duration d, int v) {
  co_await sleep_for(d);
  co_return v;
}

Task<int> throws_after(Duration d) {
  co_await sleep_for(d);
  throw std::invalid_argument("flavor m1.huge not found");
}

Task<std::unique_ptr<int>> move_only() {
  co_return std::make_unique<int>(5);
}

}  // namespace

TEST_CASE("exceptions propagate to the awaiter through nested tasks") {
  Simulator sim;
  std::string caught;
  auto outer = [&]() -> Task<void> {
    auto middle = []() -> Task<int> { co_return co_await throws_after(3ms); };
    try {
      co_await middle();
    } catch (const std::invalid_argument& e) {
      caught = e.what();
    }
  };
  auto h = spawn(sim, outer());
  sim.run_until_idle();
  CHECK(caught == "flavor m1.huge not found");
  CHECK(h.done());
  CHECK_FALSE(h.error());
  CHECK(sim.now() == TimePoint(3ms));
}

TEST_CASE("a task's failure is visible on its handle") {
  Simulator sim;
  auto body1 = []() -> Task<void> { co_await throws_after(1ms); };
  auto h = spawn(sim, body1());
  sim.run_until_idle();
  REQUIRE(h.done());
  CHECK_THROWS_AS(h.rethrow_if_failed(), std::invalid_argument);
}

TEST_CASE("an unobserved detached failure is rethrown by the run loop") {
  Simulator sim;
  auto body2 = []() -> Task<void> { co_await throws_after(1ms); };
  spawn(sim, body2());  // handle discarded
  CHECK_THROWS_WITH(sim.run_until_idle(), "flavor m1.huge not found");
}

TEST_CASE("move-only results and void tasks") {
  Simulator sim;
  int got = 0;
  auto body3 = [&]() -> Task<void> {
    auto p = co_await move_only();
    got = *p;
  };
  spawn(sim, body3());
  sim.run_until_idle();
  CHECK(got == 5);
}

TEST_CASE("when_all runs children concurrently and returns results in argument order") {
  Simulator sim;
  std::vector<int> results;
  auto body4 = [&]() -> Task<void> {
    std::vector<Task<int>> tasks;
    for (int i = 0; i < 5; ++i)
      tasks.push_back(value_after(Duration((5 - i) * 1ms), i));
    results = co_await when_all(std::move(tasks));
  };
  spawn(sim, body4());
  sim.run_until_idle();
  CHECK(results == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(sim.now() == TimePoint(5ms));  // concurrent: the longest, not the sum
}

TEST_CASE("when_all waits for every child, then rethrows the first failure in argument order") {
  Simulator sim;
  bool slow_finished = false;
  std::string caught;
  auto body5 = [&]() -> Task<void> {
    auto slow = [&]() -> Task<void> {
      co_await sleep_for(10ms);
      slow_finished = true;
    };
    auto fail_second = []() -> Task<void> {
      co_await sleep_for(2ms);
      throw std::runtime_error("second");
    };
    auto fail_first = []() -> Task<void> {
      co_await sleep_for(4ms);
      throw std::runtime_error("first");
    };
    try {
      co_await when_all(fail_first(), slow(), fail_second());
    } catch (const std::runtime_error& e) {
      caught = e.what();
    }
  };
  spawn(sim, body5());
  sim.run_until_idle();
  CHECK(slow_finished);
  CHECK(caught == "first");
  CHECK(sim.now() == TimePoint(10ms));
}

TEST_CASE("when_all of children that finish without suspending") {
  Simulator sim;
  int total = 0;
  auto body6 = [&]() -> Task<void> {
    auto now_value = [](int v) -> Task<int> { co_return v; };
    std::vector<Task<int>> tasks;
    tasks.push_back(now_value(1));
    tasks.push_back(now_value(2));
    for (int v : co_await when_all(std::move(tasks)))
      total += v;
    std::vector<Task<void>> none;
    co_await when_all(std::move(none));
  };
  spawn(sim, body6());
  sim.run_until_idle();
  CHECK(total == 3);
}

TEST_CASE("cancellation wakes a sleeping task with OperationCancelled and runs destructors") {
  Simulator sim;
  struct Guard {
    bool* flag;
    ~Guard() { *flag = true; }
  };
  bool destroyed = false;
  bool cancelled_seen = false;
  bool reached_end = false;
  auto body7 = [&]() -> Task<void> {
    Guard g{&destroyed};
    try {
      co_await sleep_for(1h);
    } catch (const OperationCancelled&) {
      cancelled_seen = true;
      throw;
    }
    reached_end = true;
  };
  auto h = spawn(sim, body7());
  sim.schedule_at(TimePoint(1s), [&] { h.cancel(); });
  sim.run_until_idle();
  CHECK(cancelled_seen);
  CHECK(destroyed);
  CHECK_FALSE(reached_end);
  CHECK(h.done());
  CHECK_THROWS_AS(h.rethrow_if_failed(), OperationCancelled);
  CHECK(sim.now() == TimePoint(1s));  // the hour-long timer was cancelled, not waited out
  CHECK(sim.pending() == 0);
}

TEST_CASE("cancellation reaches every child of a when_all") {
  Simulator sim;
  int cancelled_children = 0;
  auto child = [&](Duration d) -> Task<void> {
    try {
      co_await sleep_for(d);
    } catch (const OperationCancelled&) {
      ++cancelled_children;
      throw;
    }
  };
  auto body8 = [&]() -> Task<void> { co_await when_all(child(1h), child(2h), child(3h)); };
  auto h = spawn(sim, body8());
  sim.schedule_at(TimePoint(1min), [&] { h.cancel(); });
  sim.run_until_idle();
  CHECK(cancelled_children == 3);
  CHECK_THROWS_AS(h.rethrow_if_failed(), OperationCancelled);
  CHECK(sim.now() == TimePoint(1min));
}

TEST_CASE(
    "a cancelled task fails its next sleep immediately, and cancellation is not reported "
    "as an unhandled failure") {
  Simulator sim;
  int steps = 0;
  auto body9 = [&]() -> Task<void> {
    ++steps;
    co_await sleep_for(1ms);
    ++steps;
  };
  {
    auto h = spawn(sim, body9());
    h.cancel();  // before it even started
  }
  CHECK_NOTHROW(sim.run_until_idle());
  CHECK(steps == 1);
}

TEST_CASE("tasks still suspended when the executor is destroyed are freed") {
  auto sim = std::make_unique<Simulator>();
  bool destroyed = false;
  struct Guard {
    bool* flag;
    ~Guard() { *flag = true; }
  };
  auto body10 = [&]() -> Task<void> {
    Guard g{&destroyed};
    co_await sleep_for(1h);
  };
  spawn(*sim, body10());
  sim->run_until(TimePoint(1s));
  CHECK(sim->detached_count() == 1);
  sim.reset();
  CHECK(destroyed);  // and LeakSanitizer sees no leaked frame
}

TEST_CASE("blocking calls return values and exceptions on the simulated clock") {
  Simulator sim;
  int value = 0;
  std::string error;
  auto body11 = [&]() -> Task<void> {
    value = co_await blocking([] { return 7; });
    try {
      co_await blocking([]() -> int { throw std::runtime_error("virDomainCreate failed"); });
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
  };
  spawn(sim, body11());
  sim.run_until_idle();
  CHECK(value == 7);
  CHECK(error == "virDomainCreate failed");
}

TEST_CASE("sleeping outside an executor is a clear error") {
  auto t = []() -> Task<void> { co_await sleep_for(1ms); }();
  auto outer = [](Task<void> inner) -> Task<void> { co_await std::move(inner); };
  // Drive the coroutine by hand without an executor.
  auto o = outer(std::move(t));
  o.handle().resume();
  REQUIRE(o.done());
  CHECK_THROWS_WITH(o.take_result(), Catch::Contains("not running on an executor"));
}
