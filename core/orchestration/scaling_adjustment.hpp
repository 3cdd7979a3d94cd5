#pragma once
// OS::Heat::ScalingPolicy's arithmetic (heat.scaling.scalingutil): the new size of a group from
// its current size and the policy's adjustment, clamped to the group's bounds.

#include <optional>
#include <string_view>

namespace stacksim::orchestration {

enum class AdjustmentType { change_in_capacity, exact_capacity, percent_change_in_capacity };

std::optional<AdjustmentType> parse_adjustment_type(std::string_view text) noexcept;

/// percent_change_in_capacity rounds towards zero but moves by at least `min_adjustment_step`
/// (and at least 1) when the adjustment is not zero, as Heat does.
int new_capacity(AdjustmentType type, double adjustment, int current, int min_size, int max_size,
                 int min_adjustment_step = 0) noexcept;

}  // namespace stacksim::orchestration
