#pragma once
// RAMWeigher: free RAM (physical, no allocation ratio; may be negative, clamped at 0). Spreads by
// default.

#include "core/scheduler/weigher.hpp"

namespace stacksim::scheduler {

class RAMWeigher final : public Weigher {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] std::optional<double> minval() const override { return 0.0; }
  [[nodiscard]] MultiplierOption multiplier_option() const override;
  bool weigh(const RequestContext& ctx, std::span<const HostId> hosts,
             std::span<double> raw) override;
};

}  // namespace stacksim::scheduler
