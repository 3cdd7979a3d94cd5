#include "sim/engine/random_streams.hpp"

namespace stacksim::sim {

std::uint64_t RandomStreams::stream_seed(std::string_view component) const noexcept {
  std::uint64_t state = seed_ ^ runtime::fnv1a64(component);
  runtime::splitmix64(state);
  return runtime::splitmix64(state);
}

runtime::Random& RandomStreams::stream(std::string_view component) {
  auto it = streams_.find(component);
  if (it == streams_.end()) {
    it = streams_.emplace(std::string(component), runtime::Random(stream_seed(component))).first;
  }
  return it->second;
}

}  // namespace stacksim::sim
