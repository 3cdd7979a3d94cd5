#include "core/scheduler/placement_policy.hpp"

#include "core/scheduler/packing_policy.hpp"
#include "core/scheduler/weighing_pipeline.hpp"

namespace stacksim::scheduler {

std::vector<std::string> placement_policy_names() {
  return {"nova", "first-fit", "best-fit", "worst-fit", "tetris"};
}

std::unique_ptr<PlacementPolicy> make_placement_policy(const SchedulerConfig& config,
                                                       const PluginRegistry& registry) {
  const std::string& name = config.placement_policy;
  if (name == "nova") return std::make_unique<WeighingPipeline>(config, registry);
  if (name == "first-fit") return std::make_unique<PackingPolicy>(PackingKind::first_fit);
  if (name == "best-fit") return std::make_unique<PackingPolicy>(PackingKind::best_fit);
  if (name == "worst-fit") return std::make_unique<PackingPolicy>(PackingKind::worst_fit);
  if (name == "tetris") return std::make_unique<PackingPolicy>(PackingKind::tetris);
  std::string known;
  for (const std::string& n : placement_policy_names())
    known += (known.empty() ? "" : ", ") + n;
  throw SchedulerConfigError("unknown placement policy \"" + name + "\"; known policies: " + known);
}

}  // namespace stacksim::scheduler
