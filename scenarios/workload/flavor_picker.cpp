#include "scenarios/workload/flavor_picker.hpp"

#include <algorithm>

namespace stacksim::scenarios {

FlavorPicker::FlavorPicker(std::vector<std::size_t> flavors, std::vector<double> weights)
    : flavors_(std::move(flavors)) {
  const bool uniform =
      std::all_of(weights.begin(), weights.end(), [&](double w) { return w == weights.front(); });
  if (uniform) return;
  double sum = 0;
  for (double w : weights)
    cumulative_.push_back(sum += w);
  for (double& c : cumulative_)
    c /= sum;
}

std::size_t FlavorPicker::pick(runtime::Random& rng) const {
  if (cumulative_.empty()) return flavors_[static_cast<std::size_t>(rng.below(flavors_.size()))];
  const double u = rng.uniform();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()),
                                       flavors_.size() - 1);
  return flavors_[i];
}

}  // namespace stacksim::scenarios
