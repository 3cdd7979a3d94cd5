#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/engine/simulator.hpp"

using namespace stacksim;
using runtime::Duration;
using runtime::TimePoint;

static TimePoint at_ns(std::int64_t ns) {
  return TimePoint(Duration(ns));
}

TEST_CASE("events run in time order, ties in insertion order") {
  sim::Simulator s;
  std::vector<std::string> log;
  s.schedule_at(at_ns(30), [&] { log.push_back("c@30"); });
  s.schedule_at(at_ns(10), [&] { log.push_back("a@10"); });
  s.schedule_at(at_ns(20), [&] { log.push_back("b1@20"); });
  s.schedule_at(at_ns(20), [&] { log.push_back("b2@20"); });
  s.schedule_at(at_ns(20), [&] { log.push_back("b3@20"); });
  CHECK(s.run_until_idle() == 5);
  CHECK(log == std::vector<std::string>{"a@10", "b1@20", "b2@20", "b3@20", "c@30"});
  CHECK(s.now() == at_ns(30));
}

TEST_CASE("an event scheduled for now runs after the events already due now") {
  sim::Simulator s;
  std::vector<int> log;
  s.schedule_at(at_ns(5), [&] {
    log.push_back(1);
    s.post([&] { log.push_back(3); });
  });
  s.schedule_at(at_ns(5), [&] { log.push_back(2); });
  s.run_until_idle();
  CHECK(log == std::vector<int>{1, 2, 3});
}

TEST_CASE("a time in the past is clamped to now") {
  sim::Simulator s;
  TimePoint seen{};
  s.schedule_at(at_ns(100), [&] { s.schedule_at(at_ns(1), [&] { seen = s.now(); }); });
  s.run_until_idle();
  CHECK(seen == at_ns(100));
}

TEST_CASE("cancelled timers never run; cancel reports whether it cancelled") {
  sim::Simulator s;
  std::vector<int> log;
  auto a = s.schedule_at(at_ns(10), [&] { log.push_back(10); });
  auto b = s.schedule_at(at_ns(20), [&] { log.push_back(20); });
  s.schedule_at(at_ns(30), [&] { log.push_back(30); });
  CHECK(s.pending() == 3);
  CHECK(s.cancel(b));
  CHECK_FALSE(s.cancel(b));
  CHECK(s.pending() == 2);
  s.run_until_idle();
  CHECK(log == std::vector<int>{10, 30});
  CHECK_FALSE(s.cancel(a));  // already ran
  CHECK_FALSE(s.cancel(runtime::TimerId{}));
}

TEST_CASE("a cancelled timer's id stays dead after new timers at the same time") {
  sim::Simulator s;
  int runs = 0;
  auto old_id = s.schedule_at(at_ns(10), [&] { runs += 100; });
  REQUIRE(s.cancel(old_id));
  auto new_id = s.schedule_at(at_ns(10), [&] { runs += 1; });
  CHECK(new_id.due == old_id.due);
  CHECK(new_id.sequence != old_id.sequence);
  CHECK_FALSE(s.cancel(old_id));
  s.run_until_idle();
  CHECK(runs == 1);
}

TEST_CASE("an event can cancel a later event due at the same time") {
  sim::Simulator s;
  std::vector<int> log;
  runtime::TimerId second;
  s.schedule_at(at_ns(7), [&] {
    log.push_back(1);
    s.cancel(second);
  });
  second = s.schedule_at(at_ns(7), [&] { log.push_back(2); });
  s.run_until_idle();
  CHECK(log == std::vector<int>{1});
}

TEST_CASE("run_until stops at the limit and advances the clock to it") {
  sim::Simulator s;
  std::vector<std::int64_t> log;
  for (std::int64_t t : {5, 10, 15, 20}) {
    s.schedule_at(at_ns(t), [&, t] { log.push_back(t); });
  }
  CHECK(s.run_until(at_ns(10)) == 2);  // an event exactly at the limit runs
  CHECK(s.now() == at_ns(10));
  CHECK(s.run_until(at_ns(12)) == 0);
  CHECK(s.now() == at_ns(12));
  REQUIRE(s.next_event_time());
  CHECK(*s.next_event_time() == at_ns(15));
  CHECK(s.step());
  CHECK(log.back() == 15);
  CHECK(s.step());
  CHECK_FALSE(s.step());
  CHECK(s.events_processed() == 4);
  CHECK_FALSE(s.next_event_time());
}

TEST_CASE("stop() ends the current run after the running event") {
  sim::Simulator s;
  int ran = 0;
  s.schedule_at(at_ns(1), [&] { ++ran; });
  s.schedule_at(at_ns(2), [&] {
    ++ran;
    s.stop();
  });
  s.schedule_at(at_ns(3), [&] { ++ran; });
  s.run_until_idle();
  CHECK(ran == 2);
  CHECK(s.now() == at_ns(2));
  s.run_until_idle();
  CHECK(ran == 3);
}

TEST_CASE("an exception thrown by an event propagates out of the run loop") {
  sim::Simulator s;
  s.schedule_at(at_ns(1), [] { throw std::runtime_error("boom"); });
  bool later = false;
  s.schedule_at(at_ns(2), [&] { later = true; });
  CHECK_THROWS_WITH(s.run_until_idle(), "boom");
  CHECK(s.now() == at_ns(1));
  s.run_until_idle();
  CHECK(later);
}

TEST_CASE("large captures fall back to the heap and still run and free") {
  sim::Simulator s;
  std::string big(1000, 'x');
  std::array<std::int64_t, 16> payload{};
  payload[15] = 42;
  std::size_t seen = 0;
  s.schedule_at(at_ns(1), [&seen, big, payload] { seen = big.size() + payload[15]; });
  auto cancelled = s.schedule_at(at_ns(2), [big] { (void)big; });
  s.cancel(cancelled);
  s.run_until_idle();
  CHECK(seen == 1042);
}
