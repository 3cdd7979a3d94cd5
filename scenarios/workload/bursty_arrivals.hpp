#pragma once
// A two-state Markov-modulated Poisson process: quiet periods (base rate) and bursts (burst rate)
// of exponential lengths. It starts quiet. Both states are memoryless, so at a state change the
// pending gap is simply redrawn at the new rate.

#include <limits>

#include "scenarios/workload/arrival_process.hpp"

namespace stacksim::scenarios {

class BurstyArrivals final : public ArrivalProcess {
 public:
  explicit BurstyArrivals(const GeneratorSpec& s)
      : base_(s.base_rate_per_s),
        burst_(s.burst_rate_per_s),
        mean_burst_s_(s.mean_burst_s),
        mean_quiet_s_(s.mean_quiet_s) {}

  std::optional<double> next(double now, bool first, runtime::Random& rng) override {
    if (first) switch_at_ = now + rng.exponential(mean_quiet_s_);
    double t = now;
    for (;;) {
      const double rate = bursting_ ? burst_ : base_;
      const double gap =
          rate > 0 ? rng.exponential(1.0 / rate) : std::numeric_limits<double>::infinity();
      if (t + gap < switch_at_) return t + gap - now;
      t = switch_at_;
      bursting_ = !bursting_;
      switch_at_ = t + rng.exponential(bursting_ ? mean_burst_s_ : mean_quiet_s_);
    }
  }

 private:
  double base_, burst_, mean_burst_s_, mean_quiet_s_;
  bool bursting_ = false;
  double switch_at_ = 0;
};

}  // namespace stacksim::scenarios
