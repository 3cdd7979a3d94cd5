#pragma once
// Picks a flavor per arrival by relative weight. Equal weights draw one uniform index (the
// reference VM lifecycle model's draw), others walk the cumulative weights.

#include <cstddef>
#include <vector>

#include "core/runtime/random.hpp"

namespace stacksim::scenarios {

class FlavorPicker {
 public:
  /// `flavors` are indexes into the scenario's flavor list, `weights` their relative weights.
  FlavorPicker(std::vector<std::size_t> flavors, std::vector<double> weights);

  std::size_t pick(runtime::Random& rng) const;

 private:
  std::vector<std::size_t> flavors_;
  std::vector<double> cumulative_;  // empty when uniform
};

}  // namespace stacksim::scenarios
