#include "core/scheduler/weighing_pipeline.hpp"

#include <algorithm>
#include <cmath>

namespace stacksim::scheduler {

WeighingPipeline::WeighingPipeline(const SchedulerConfig& config, const PluginRegistry& registry) {
  for (const std::string& name : config.weight_classes) {
    Stage stage;
    stage.weigher = registry.make_weigher(name);
    stage.option = stage.weigher->multiplier_option();
    stage.configured = stage.option.default_value;
    if (!stage.option.name.empty()) {
      if (auto it = config.weigher_multipliers.find(stage.option.name);
          it != config.weigher_multipliers.end()) {
        stage.configured = it->second;
      }
    }
    stages_.push_back(std::move(stage));
  }
}

std::vector<std::string> WeighingPipeline::components() const {
  std::vector<std::string> names;
  for (const Stage& s : stages_)
    names.emplace_back(s.weigher->name());
  return names;
}

void WeighingPipeline::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                             std::vector<double>& weights, WeightBreakdown* breakdown) {
  const std::size_t n = hosts.size();
  weights.assign(n, 0.0);
  raw_.resize(n);
  multiplier_.resize(n);
  if (breakdown != nullptr) {
    breakdown->components = components();
    breakdown->scores.assign(stages_.size(), std::vector<double>(n, 0.0));
  }
  for (std::size_t s = 0; s < stages_.size(); ++s) {
    Stage& stage = stages_[s];
    // Per-host multiplier; one value for all hosts unless an aggregate overrides it.
    const double sign = stage.option.negated ? -1.0 : 1.0;
    bool uniform = true;
    double common = stage.configured * sign;
    if (!stage.option.name.empty()) {
      const SetMultipliers& multipliers =
          ctx.aggregates.multipliers(stage.option.name, stage.configured);
      const std::vector<double>& by_set = multipliers.by_set;
      uniform = multipliers.uniform;
      if (uniform) {
        common = by_set.front() * sign;
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          multiplier_[i] = by_set[ctx.hosts.aggregate_set[hosts[i]]] * sign;
        }
      }
    } else {
      common = sign;
    }
    const auto multiplier = [&](std::size_t i) { return uniform ? common : multiplier_[i]; };
    const auto add = [&](std::size_t i, double normalised) {
      const double score = multiplier(i) * normalised;
      weights[i] += score;
      if (breakdown != nullptr) breakdown->scores[s][i] = score;
    };

    bool all_zero = !stage.weigher->weigh(ctx, hosts, std::span<double>(raw_.data(), n));
    double lo = 0, hi = 0;
    if (!all_zero) {
      const std::optional<double> minval = stage.weigher->minval();
      const std::optional<double> maxval = stage.weigher->maxval();
      // Same argument order as Python's max(weight, minval) / min(weight, maxval).
      if (minval) {
        for (std::size_t i = 0; i < n; ++i)
          raw_[i] = std::max(raw_[i], *minval);
      }
      if (maxval) {
        for (std::size_t i = 0; i < n; ++i)
          raw_[i] = std::min(raw_[i], *maxval);
      }
      double observed_lo = raw_[0], observed_hi = raw_[0];
      for (std::size_t i = 1; i < n; ++i) {
        if (raw_[i] > observed_hi) observed_hi = raw_[i];
        if (raw_[i] < observed_lo) observed_lo = raw_[i];
      }
      lo = minval.value_or(observed_lo);
      hi = maxval.value_or(observed_hi);
      all_zero = lo == hi;
    }
    if (all_zero) {
      // normalize() returns zeros; multiplier * 0 only changes a total if the multiplier is not
      // finite (inf * 0 is nan), so the loop is skipped otherwise.
      if (breakdown != nullptr || !uniform || !std::isfinite(common)) {
        for (std::size_t i = 0; i < n; ++i)
          add(i, 0.0);
      }
      continue;
    }
    const double range = hi - lo;
    for (std::size_t i = 0; i < n; ++i)
      add(i, (raw_[i] - lo) / range);
  }
}

}  // namespace stacksim::scheduler
