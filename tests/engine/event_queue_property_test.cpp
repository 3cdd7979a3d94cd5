// The radix-heap queue against a plain ordered set of (time, sequence) on random workloads that mix
// far and near future times, pushes into the current window and at the current time, and cancels.

#include <catch2/catch.hpp>

#include <set>
#include <utility>
#include <vector>

#include "core/runtime/random.hpp"
#include "sim/engine/event_queue.hpp"

using stacksim::runtime::Random;
using stacksim::runtime::TimerId;
using stacksim::sim::EventQueue;

namespace {

void check_against_reference(std::uint64_t seed, int operations) {
  Random rng(seed);
  EventQueue queue;
  std::set<std::pair<std::int64_t, std::uint64_t>> reference;  // (time, seq)
  std::vector<TimerId> ids;
  std::int64_t now = 0;
  std::uint64_t ran = 0;  // sequence of the event whose action ran last
  auto push = [&](std::int64_t t) {
    const std::uint64_t seq = ids.size() + 1;  // sequences count pushes from 1
    const TimerId id = queue.push(t, [&ran, seq] { ran = seq; });
    REQUIRE(id.sequence == seq);
    reference.emplace(t, id.sequence);
    ids.push_back(id);
  };
  for (int op = 0; op < operations; ++op) {
    const auto kind = rng.below(100);
    if (kind < 45 || reference.empty()) {
      // Delays spanning every radix level: same time, a few ns, microseconds, seconds, days.
      static constexpr std::int64_t spans[] = {1, 16, 1024, 1 << 20, 1LL << 33, 1LL << 47};
      const auto span = spans[rng.below(6)];
      push(now + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(span))));
    } else if (kind < 50) {
      const TimerId id = ids[rng.below(ids.size())];
      const bool pending = reference.erase({id.due, id.sequence}) > 0;
      REQUIRE(queue.cancel(id) == pending);
      REQUIRE_FALSE(queue.cancel(id));
    } else {
      REQUIRE(queue.size() == reference.size());
      REQUIRE(queue.top_time() == reference.begin()->first);
      EventQueue::Ticks t = 0;
      queue.pop(t)();
      REQUIRE(t == reference.begin()->first);
      REQUIRE(ran == reference.begin()->second);
      now = t;
      reference.erase(reference.begin());
    }
  }
  while (!reference.empty()) {
    EventQueue::Ticks t = 0;
    REQUIRE(queue.top_time() == reference.begin()->first);
    queue.pop(t)();
    REQUIRE(t == reference.begin()->first);
    REQUIRE(ran == reference.begin()->second);
    reference.erase(reference.begin());
  }
  REQUIRE(queue.empty());
}

}  // namespace

TEST_CASE("event queue pops in (time, insertion) order under random pushes, pops and cancels") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    check_against_reference(seed, 20000);
}

TEST_CASE("event queue keeps insertion order among equal times across every level") {
  EventQueue queue;
  std::vector<int> order;
  // Same far-future time pushed at different moments, interleaved with other times.
  for (int i = 0; i < 50; ++i) {
    queue.push(1'000'000 + (i % 3), [&order, i] { order.push_back(i); });
    queue.push(5 + i, [] {});
  }
  std::vector<int> expected_at[3];
  for (int i = 0; i < 50; ++i)
    expected_at[i % 3].push_back(i);
  EventQueue::Ticks t = 0;
  for (int i = 0; i < 50; ++i)
    queue.pop(t)();  // the 5..54 ns events
  for (int k = 0; k < 3; ++k) {
    order.clear();
    for (std::size_t i = 0; i < expected_at[k].size(); ++i) {
      queue.pop(t)();
      REQUIRE(t == 1'000'000 + k);
    }
    CHECK(order == expected_at[k]);
  }
  CHECK(queue.empty());
}
