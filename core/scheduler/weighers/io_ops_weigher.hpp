#pragma once
// IoOpsWeigher: the host's I/O operations in flight; the default multiplier of -1.0 prefers idle
// hosts.

#include "core/scheduler/weigher.hpp"

namespace stacksim::scheduler {

class IoOpsWeigher final : public Weigher {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] std::optional<double> minval() const override { return 0.0; }
  [[nodiscard]] MultiplierOption multiplier_option() const override;
  bool weigh(const RequestContext& ctx, std::span<const HostId> hosts,
             std::span<double> raw) override;
};

}  // namespace stacksim::scheduler
