#pragma once
// A day-shaped Poisson process: rate(t) = mean * (1 + amplitude * cos(2 pi (t - peak) / period)),
// drawn by thinning (Lewis-Shedler): candidates at the peak rate, each kept with probability
// rate(t) / peak rate.

#include <cmath>
#include <numbers>

#include "scenarios/workload/arrival_process.hpp"

namespace stacksim::scenarios {

class DiurnalArrivals final : public ArrivalProcess {
 public:
  explicit DiurnalArrivals(const GeneratorSpec& s)
      : mean_(s.mean_rate_per_s),
        amplitude_(s.amplitude),
        period_s_(s.period_s),
        peak_s_(s.peak_s) {}

  std::optional<double> next(double now, bool /*first*/, runtime::Random& rng) override {
    const double peak_rate = mean_ * (1 + amplitude_);
    double t = now;
    for (;;) {
      t += rng.exponential(1.0 / peak_rate);
      if (rng.uniform() * peak_rate <= rate(t)) return t - now;
    }
  }

  [[nodiscard]] double rate(double t) const {
    return mean_ * (1 + amplitude_ * std::cos(2 * std::numbers::pi * (t - peak_s_) / period_s_));
  }

 private:
  double mean_, amplitude_, period_s_, peak_s_;
};

}  // namespace stacksim::scenarios
