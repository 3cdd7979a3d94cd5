#include <catch2/catch.hpp>

#include <vector>

#include "core/objectstore/py_random.hpp"

using stacksim::objectstore::PyRandom;

// Reference values printed by CPython 3.11: random.Random(seed).randint(...), .shuffle(...).
TEST_CASE("PyRandom reproduces CPython's randint for an integer seed") {
  PyRandom r(42);
  const std::vector<std::int64_t> expected = {14592, 3278, 36048, 32098, 29256};
  for (std::int64_t v : expected)
    CHECK(r.randint(0, 65535) == v);
}

TEST_CASE("PyRandom reproduces CPython's string seeding (sha512, version 2)") {
  PyRandom r;
  r.seed_string("hello");
  const std::vector<std::int64_t> expected = {370960, 883420, 695414, 795082, 574205};
  for (std::int64_t v : expected)
    CHECK(r.randint(0, 1000000) == v);
}

TEST_CASE("PyRandom shuffle and wide getrandbits match CPython") {
  PyRandom r(7);
  std::vector<int> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  r.shuffle(x);
  CHECK(x == std::vector<int>{8, 3, 1, 4, 7, 0, 9, 6, 2, 5});
  PyRandom big(std::uint64_t{1} << 40);
  CHECK(big.getrandbits(40) == 386992184705ULL);
}
