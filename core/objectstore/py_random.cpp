#include "core/objectstore/py_random.hpp"

#include <bit>
#include <stdexcept>
#include <string>

#include "core/objectstore/digest.hpp"

namespace stacksim::objectstore {

namespace {
constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;
}  // namespace

void PyRandom::init_genrand(std::uint32_t s) {
  mt_[0] = s;
  for (int i = 1; i < kN; ++i) {
    const auto u = static_cast<std::size_t>(i);
    mt_[u] = 1812433253U * (mt_[u - 1] ^ (mt_[u - 1] >> 30)) + static_cast<std::uint32_t>(i);
  }
  index_ = kN;
}

void PyRandom::seed_words(std::span<const std::uint32_t> key) {
  if (key.empty()) throw std::invalid_argument("PyRandom: empty seed key");
  init_genrand(19650218U);
  std::size_t i = 1;
  std::size_t j = 0;
  const std::size_t n = kN;
  for (std::size_t k = std::max(n, key.size()); k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525U)) + key[j] +
             static_cast<std::uint32_t>(j);
    ++i;
    ++j;
    if (i >= n) {
      mt_[0] = mt_[n - 1];
      i = 1;
    }
    if (j >= key.size()) j = 0;
  }
  for (std::size_t k = n - 1; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941U)) -
             static_cast<std::uint32_t>(i);
    ++i;
    if (i >= n) {
      mt_[0] = mt_[n - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000U;  // MSB is 1, assuring a non-zero initial array
  index_ = kN;
}

void PyRandom::seed_int(std::uint64_t seed) {
  const std::uint32_t words[2] = {static_cast<std::uint32_t>(seed),
                                  static_cast<std::uint32_t>(seed >> 32)};
  seed_words(std::span<const std::uint32_t>(words, (seed >> 32) != 0 ? 2 : 1));
}

void PyRandom::seed_string(std::string_view seed) {
  std::string bytes(seed);
  for (std::uint8_t b : sha512(seed))
    bytes += static_cast<char>(b);
  // The bytes form a big-endian integer; its 32-bit words, least significant first, are the key,
  // without the leading zero words Python's bit length drops.
  std::vector<std::uint32_t> key;
  std::size_t end = bytes.size();
  while (end > 0) {
    const std::size_t begin = end >= 4 ? end - 4 : 0;
    std::uint32_t w = 0;
    for (std::size_t b = begin; b < end; ++b)
      w = (w << 8) | static_cast<unsigned char>(bytes[b]);
    key.push_back(w);
    end = begin;
  }
  while (key.size() > 1 && key.back() == 0)
    key.pop_back();
  seed_words(key);
}

void PyRandom::twist() {
  for (int kk = 0; kk < kN; ++kk) {
    const auto k = static_cast<std::size_t>(kk);
    const std::uint32_t y = (mt_[k] & kUpperMask) | (mt_[(k + 1) % kN] & kLowerMask);
    mt_[k] = mt_[(k + kM) % kN] ^ (y >> 1) ^ ((y & 1U) != 0 ? kMatrixA : 0U);
  }
  index_ = 0;
}

std::uint32_t PyRandom::next_u32() {
  if (index_ >= kN) twist();
  std::uint32_t y = mt_[static_cast<std::size_t>(index_++)];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

std::uint64_t PyRandom::getrandbits(int k) {
  if (k < 0 || k > 64) throw std::invalid_argument("PyRandom::getrandbits: k out of range");
  if (k == 0) return 0;
  if (k <= 32) return next_u32() >> (32 - k);
  // Words are filled least significant first; the last one keeps only its top bits.
  const std::uint64_t low = next_u32();
  const std::uint64_t high = next_u32() >> (64 - k);
  return low | (high << 32);
}

std::uint64_t PyRandom::randbelow(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("PyRandom::randbelow: empty range");
  const int k = std::bit_width(n);
  std::uint64_t r = getrandbits(k);
  while (r >= n)
    r = getrandbits(k);
  return r;
}

std::int64_t PyRandom::randint(std::int64_t a, std::int64_t b) {
  if (b < a) throw std::invalid_argument("PyRandom::randint: empty range");
  return a + static_cast<std::int64_t>(randbelow(static_cast<std::uint64_t>(b - a) + 1));
}

}  // namespace stacksim::objectstore
