#include "core/orchestration/scaling_adjustment.hpp"

#include <algorithm>
#include <cmath>

namespace stacksim::orchestration {

std::optional<AdjustmentType> parse_adjustment_type(std::string_view text) noexcept {
  if (text == "change_in_capacity") return AdjustmentType::change_in_capacity;
  if (text == "exact_capacity") return AdjustmentType::exact_capacity;
  if (text == "percent_change_in_capacity") return AdjustmentType::percent_change_in_capacity;
  return std::nullopt;
}

int new_capacity(AdjustmentType type, double adjustment, int current, int min_size, int max_size,
                 int min_adjustment_step) noexcept {
  double target = current;
  switch (type) {
    case AdjustmentType::change_in_capacity:
      target = current + adjustment;
      break;
    case AdjustmentType::exact_capacity:
      target = adjustment;
      break;
    case AdjustmentType::percent_change_in_capacity: {
      const double delta = current * adjustment / 100.0;
      double step = delta > 0 ? std::floor(delta) : std::ceil(delta);
      const double least = std::max(1, min_adjustment_step);
      if (adjustment != 0 && std::fabs(step) < least) step = adjustment > 0 ? least : -least;
      target = current + step;
      break;
    }
  }
  return static_cast<int>(
      std::clamp(target, static_cast<double>(min_size), static_cast<double>(max_size)));
}

}  // namespace stacksim::orchestration
