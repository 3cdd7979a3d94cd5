#pragma once
// Packing policies for experiments, replacing Nova's weighers (filters and Placement claims still
// apply). Each gives every host a score from Placement's view at that moment; the highest score
// wins and ties keep host list order:
//   first-fit   0 for every host: the first host (in list order) whose claim succeeds;
//   best-fit    -L, L = sum over requested resources r of (cap_r - used_r - d_r) / cap_r, the
//               normalised capacity left after placement: the tightest fit wins;
//   worst-fit   +L: the emptiest host wins (spreading);
//   tetris      sum over r of (d_r / cap_r) * ((cap_r - used_r) / cap_r), the alignment of the
//               demand with the free capacity (Grandl et al., SIGCOMM 2014).
// cap_r = (total - reserved) * allocation_ratio; d_r the request's amount.

#include "core/scheduler/placement_policy.hpp"

namespace stacksim::scheduler {

enum class PackingKind { first_fit, best_fit, worst_fit, tetris };

class PackingPolicy final : public PlacementPolicy {
 public:
  explicit PackingPolicy(PackingKind kind) : kind_(kind) {}

  [[nodiscard]] std::vector<std::string> components() const override;
  void weigh(const RequestContext& ctx, std::span<const HostId> hosts, std::vector<double>& weights,
             WeightBreakdown* breakdown) override;

 private:
  PackingKind kind_;
};

}  // namespace stacksim::scheduler
