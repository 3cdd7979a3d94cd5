#pragma once
// A portable, seedable random generator and the distributions stacksim uses. std::*_distribution
// results differ between standard libraries, so these are written out to keep runs bit-identical
// everywhere.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string_view>

namespace stacksim::runtime {

/// SplitMix64: seeds the generator state and mixes names into seeds.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// FNV-1a of a name, used to derive a component's stream seed from its name.
constexpr std::uint64_t fnv1a64(std::string_view text) noexcept {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

/// xoshiro256** 1.0 (Blackman & Vigna): fast, 256-bit state, passes BigCrush.
class Random {
 public:
  using result_type = std::uint64_t;

  explicit Random(std::uint64_t seed = 1) noexcept { reseed(seed); }

  void reseed(std::uint64_t seed) noexcept {
    std::uint64_t sm = seed;
    for (auto& word : s_)
      word = splitmix64(sm);
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  result_type operator()() noexcept {
    const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// Uniform in [a, b).
  double uniform(double a, double b) noexcept { return a + (b - a) * uniform(); }

  /// Uniform integer in [0, n) without modulo bias (Lemire's method). n must be > 0.
  std::uint64_t below(std::uint64_t n) noexcept {
    __uint128_t m = static_cast<__uint128_t>((*this)()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<__uint128_t>((*this)()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// Uniform integer in [lo, hi].
  std::int64_t integer(std::int64_t lo, std::int64_t hi) {
    if (hi < lo) throw std::invalid_argument("Random::integer: empty range");
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    if (span == 0) return static_cast<std::int64_t>((*this)());  // the full 64-bit range
    return lo + static_cast<std::int64_t>(below(span));
  }

  /// Exponential with the given mean (inverse transform on (0, 1]).
  double exponential(double mean) noexcept { return -mean * std::log1p(-uniform()); }

  /// Normal(mean, stddev) by the Box-Muller transform (one value per call, no cached state).
  double normal(double mean, double stddev) noexcept {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  /// Lognormal whose underlying normal has parameters (mu, sigma).
  double lognormal(double mu, double sigma) noexcept { return std::exp(normal(mu, sigma)); }

  /// Weibull(shape k, scale lambda), used for MTBF models.
  double weibull(double shape, double scale) noexcept {
    return scale * std::pow(-std::log1p(-uniform()), 1.0 / shape);
  }

  bool bernoulli(double p) noexcept { return uniform() < p; }

 private:
  std::uint64_t s_[4];
};

}  // namespace stacksim::runtime
