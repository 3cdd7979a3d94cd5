#pragma once
// best-fit (least free RAM that fits), worst-fit (most free RAM: Nova's default RAM weigher
// spreading) and first-fit (lowest host index) on a FitIndex.

#include "scenarios/runner/fit_index.hpp"
#include "scenarios/runner/placement_policy.hpp"

namespace stacksim::scenarios {

class FitPolicy final : public PlacementPolicy {
 public:
  FitPolicy(const HostPool& hosts, FitRule rule);

  int select(const Demand& d, const std::function<bool(int)>& allowed) override;
  void host_changed(int h) override { index_.host_changed(h); }
  [[nodiscard]] std::string name() const override;

 private:
  FitRule rule_;
  FitIndex index_;
};

}  // namespace stacksim::scenarios
