#pragma once
// CPython's `random.Random` (3.11): MT19937 seeded through init_by_array, getrandbits, randbelow by
// rejection, randint and Fisher-Yates shuffle. Swift's ring builder draws from it during a
// rebalance; reproducing the same draws in the same order makes our rebalance produce Swift's
// assignment exactly for the same seed.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace stacksim::objectstore {

class PyRandom {
 public:
  /// random.seed(n) for a non-negative integer n (Python uses abs(n)).
  explicit PyRandom(std::uint64_t seed = 0) { seed_int(seed); }

  /// random.seed(n) for an integer: its 32-bit words, least significant first, feed init_by_array.
  void seed_int(std::uint64_t seed);
  /// random.seed(s) for a str (version 2): the integer of s.encode() + sha512(s) read big-endian.
  void seed_string(std::string_view seed);
  /// init_by_array with the given key words (at least one).
  void seed_words(std::span<const std::uint32_t> key);

  std::uint32_t next_u32();
  /// random.getrandbits(k), k <= 64.
  std::uint64_t getrandbits(int k);
  /// random._randbelow(n): uniform in [0, n), n > 0, by rejection of getrandbits(n.bit_length()).
  std::uint64_t randbelow(std::uint64_t n);
  /// random.randint(a, b): a + randbelow(b - a + 1).
  std::int64_t randint(std::int64_t a, std::int64_t b);
  /// random.shuffle(x).
  template <typename T>
  void shuffle(std::vector<T>& x) {
    for (std::size_t i = x.size(); i-- > 1;) {
      const std::size_t j = static_cast<std::size_t>(randbelow(i + 1));
      std::swap(x[i], x[j]);
    }
  }

 private:
  static constexpr int kN = 624;
  void init_genrand(std::uint32_t s);
  void twist();

  std::array<std::uint32_t, kN> mt_{};
  int index_ = kN;
};

}  // namespace stacksim::objectstore
