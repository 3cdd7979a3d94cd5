#pragma once
// One random stream per named component, derived from the scenario seed and the component's name
// only. Adding a component (or drawing more from one) never changes another component's numbers.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/runtime/random.hpp"

namespace stacksim::sim {

class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed) noexcept : seed_(seed) {}

  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }

  /// The stream of `component`, created on first use; the same object on later calls.
  runtime::Random& stream(std::string_view component);

  /// The seed a component's stream starts from: a function of (seed, name) alone.
  [[nodiscard]] std::uint64_t stream_seed(std::string_view component) const noexcept;

 private:
  std::uint64_t seed_;
  std::map<std::string, runtime::Random, std::less<>> streams_;
};

}  // namespace stacksim::sim
