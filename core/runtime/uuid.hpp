#pragma once
// Deterministic version-4 UUIDs: the index-th identifier of a seeded sequence. Services persist the
// index (store::Sequence), so identifiers never repeat across reopen and reruns are bit-identical.

#include <cstdint>
#include <string>

#include "core/runtime/random.hpp"

namespace stacksim::runtime {

/// The bits of a UUID drawn from (seed, index): 122 random bits, version 4, RFC 4122 variant.
struct Uuid {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  static Uuid at(std::uint64_t seed, std::uint64_t index) noexcept {
    std::uint64_t state = seed ^ (index * 0xD1B54A32D192ED03ULL);
    Uuid u{splitmix64(state), splitmix64(state)};
    u.high = (u.high & ~0xF000ULL) | 0x4000ULL;                       // version 4
    u.low = (u.low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
    return u;
  }

  /// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (Nova, Glance) or 32 hex digits (Keystone).
  [[nodiscard]] std::string str(bool dashes = true) const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 32; ++i) {
      const std::uint64_t word = i < 16 ? high : low;
      const int shift = 60 - 4 * (i % 16);
      if (dashes && (i == 8 || i == 12 || i == 16 || i == 20)) out.push_back('-');
      out.push_back(digits[(word >> shift) & 0xF]);
    }
    return out;
  }
};

}  // namespace stacksim::runtime
