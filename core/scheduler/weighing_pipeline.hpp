#pragma once
// Nova's weighing (nova.weights.BaseWeightHandler.get_weighed_objects, before the sort): for each
// weigher in weight_classes order, raw values are clamped to minval/maxval, normalised over the
// hosts being weighed ((w - min) / (max - min), all 0 when max == min, minval replacing the
// observed minimum), multiplied by the host's multiplier (the minimum of the aggregate metadata
// values, else the configured one) and added to the host's total.

#include <memory>
#include <vector>

#include "core/scheduler/placement_policy.hpp"
#include "core/scheduler/weigher.hpp"

namespace stacksim::scheduler {

class WeighingPipeline final : public PlacementPolicy {
 public:
  WeighingPipeline(const SchedulerConfig& config, const PluginRegistry& registry);

  [[nodiscard]] std::vector<std::string> components() const override;
  void weigh(const RequestContext& ctx, std::span<const HostId> hosts, std::vector<double>& weights,
             WeightBreakdown* breakdown) override;

 private:
  struct Stage {
    std::unique_ptr<Weigher> weigher;
    MultiplierOption option;
    double configured = 1.0;  // the configuration's multiplier (before Nova's negation)
  };
  std::vector<Stage> stages_;
  std::vector<double> raw_;
  std::vector<double> multiplier_;
};

}  // namespace stacksim::scheduler
