#include "core/scheduler/packing_policy.hpp"

namespace stacksim::scheduler {

std::vector<std::string> PackingPolicy::components() const {
  switch (kind_) {
    case PackingKind::first_fit:
      return {"first-fit"};
    case PackingKind::best_fit:
      return {"best-fit"};
    case PackingKind::worst_fit:
      return {"worst-fit"};
    case PackingKind::tetris:
      return {"tetris"};
  }
  return {};
}

void PackingPolicy::weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                          std::vector<double>& weights, WeightBreakdown* breakdown) {
  weights.assign(hosts.size(), 0.0);
  if (kind_ != PackingKind::first_fit) {
    const ResourceAmounts& demand = ctx.prepared.resources;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      double score = 0;
      for (std::size_t rc = 0; rc < kResourceClasses; ++rc) {
        const auto cls = static_cast<ResourceClass>(rc);
        const double d = static_cast<double>(demand[cls]);
        const double cap = ctx.placement.capacity(hosts[i], cls);
        if (d == 0 || cap <= 0) continue;
        const double free = cap - static_cast<double>(ctx.placement.used(hosts[i], cls));
        score += kind_ == PackingKind::tetris ? (d / cap) * (free / cap) : (free - d) / cap;
      }
      weights[i] = kind_ == PackingKind::best_fit ? -score : score;
    }
  }
  if (breakdown != nullptr) {
    breakdown->components = components();
    breakdown->scores.assign(1, weights);
  }
}

}  // namespace stacksim::scheduler
