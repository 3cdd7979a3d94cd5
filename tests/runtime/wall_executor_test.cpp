#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <thread>

#include "core/runtime/blocking.hpp"
#include "core/runtime/sleep.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/wall_executor.hpp"
#include "core/runtime/when_all.hpp"

using namespace stacksim::runtime;
using namespace std::chrono_literals;

TEST_CASE("wall executor: timers fire in deadline order and cancel works") {
  WallExecutor ex;
  std::vector<int> log;
  ex.schedule_after(30ms, [&] { log.push_back(3); });
  ex.schedule_after(10ms, [&] { log.push_back(1); });
  auto id = ex.schedule_after(20ms, [&] { log.push_back(2); });
  CHECK(ex.cancel(id));
  CHECK_FALSE(ex.cancel(id));
  const auto start = ex.now();
  ex.run();
  CHECK(log == std::vector<int>{1, 3});
  CHECK(ex.now() - start >= 30ms);
}

TEST_CASE("wall executor: blocking calls run on the pool, concurrently, and resume on the loop") {
  WallExecutor ex(2);
  const auto loop_thread = std::this_thread::get_id();
  std::atomic<int> on_pool{0};
  bool resumed_on_loop = true;
  using Clock = std::chrono::steady_clock;
  std::array<std::pair<Clock::time_point, Clock::time_point>, 2> spans;
  auto slow = [&](std::size_t i) -> Task<int> {
    int v = co_await blocking([&, i] {
      spans[i].first = Clock::now();
      if (std::this_thread::get_id() != loop_thread) ++on_pool;
      std::this_thread::sleep_for(100ms);
      spans[i].second = Clock::now();
      return 1;
    });
    if (std::this_thread::get_id() != loop_thread) resumed_on_loop = false;
    co_return v;
  };
  auto body = [&]() -> Task<void> {
    std::vector<Task<int>> tasks;
    tasks.push_back(slow(0));
    tasks.push_back(slow(1));
    co_await when_all(std::move(tasks));
  };
  spawn(ex, body());
  ex.run();
  CHECK(on_pool == 2);
  CHECK(resumed_on_loop);
  // The two calls overlapped in time on two pool threads.
  CHECK(spans[0].first < spans[1].second);
  CHECK(spans[1].first < spans[0].second);
}

TEST_CASE("wall executor: post from another thread wakes the loop; stop ends run") {
  WallExecutor ex;
  bool got = false;
  ex.schedule_after(10s, [] {});  // keeps the loop from going idle
  std::thread other([&] {
    std::this_thread::sleep_for(20ms);
    ex.post([&] {
      got = true;
      ex.stop();
    });
  });
  ex.run();
  other.join();
  CHECK(got);
}

TEST_CASE("wall executor: run_for returns at the time limit") {
  WallExecutor ex;
  ex.schedule_after(10s, [] {});
  const auto start = std::chrono::steady_clock::now();
  ex.run_for(50ms);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed >= 50ms);
  CHECK(elapsed < 2s);
}

TEST_CASE("wall executor: unobserved failure of a detached task is rethrown by run") {
  WallExecutor ex;
  auto body2 = []() -> Task<void> {
    co_await sleep_for(1ms);
    throw std::runtime_error("lost libvirt connection");
  };
  spawn(ex, body2());
  CHECK_THROWS_WITH(ex.run(), "lost libvirt connection");
}
