#include <catch2/catch.hpp>

#include <memory>

#include "core/runtime/action.hpp"
#include "core/runtime/time.hpp"

using namespace stacksim::runtime;

TEST_CASE("Action stores small callables inline and large ones on the heap") {
  int count = 0;
  Action small([&count] { ++count; });
  small();
  auto big_payload = std::make_shared<int>(3);
  std::array<char, 64> filler{};
  Action big([&count, big_payload, filler] { count += *big_payload + filler[0]; });
  Action moved = std::move(big);
  CHECK_FALSE(static_cast<bool>(big));  // NOLINT(bugprone-use-after-move)
  moved();
  CHECK(count == 4);
  CHECK(big_payload.use_count() == 2);
  moved.reset();
  CHECK(big_payload.use_count() == 1);
}

TEST_CASE("Action moves non-trivial inline captures correctly") {
  auto p = std::make_unique<int>(9);
  int seen = 0;
  Action a([&seen, q = std::move(p)] { seen = *q; });
  Action b;
  b = std::move(a);
  b();
  CHECK(seen == 9);
}

TEST_CASE("seconds convert to integer nanoseconds exactly and reject out-of-range values") {
  CHECK(from_seconds(1.5) == Duration(1'500'000'000));
  CHECK(from_seconds(0.1 + 0.2) == Duration(300'000'000));  // rounded, no float drift
  CHECK(to_seconds(Duration(2'500'000'000)) == 2.5);
  CHECK_THROWS_AS(from_seconds(1e300), std::out_of_range);
  CHECK_THROWS_AS(from_seconds(std::nan("")), std::out_of_range);
}
