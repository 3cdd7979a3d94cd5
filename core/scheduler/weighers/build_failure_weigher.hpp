#pragma once
// BuildFailureWeigher: recent failed builds, with the multiplier negated so failing hosts sink.

#include "core/scheduler/weigher.hpp"

namespace stacksim::scheduler {

class BuildFailureWeigher final : public Weigher {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] std::optional<double> minval() const override { return std::nullopt; }
  [[nodiscard]] MultiplierOption multiplier_option() const override;
  bool weigh(const RequestContext& ctx, std::span<const HostId> hosts,
             std::span<double> raw) override;
};

}  // namespace stacksim::scheduler
