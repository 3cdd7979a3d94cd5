#pragma once
// DiskWeigher: free disk in MB (clamped at 0).

#include "core/scheduler/weigher.hpp"

namespace stacksim::scheduler {

class DiskWeigher final : public Weigher {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] std::optional<double> minval() const override { return 0.0; }
  [[nodiscard]] MultiplierOption multiplier_option() const override;
  bool weigh(const RequestContext& ctx, std::span<const HostId> hosts,
             std::span<double> raw) override;
};

}  // namespace stacksim::scheduler
