#pragma once
// Homogeneous Poisson arrivals: exponential gaps of mean 1/rate, the first one after start_s.

#include "scenarios/workload/arrival_process.hpp"

namespace stacksim::scenarios {

class PoissonArrivals final : public ArrivalProcess {
 public:
  explicit PoissonArrivals(double rate_per_s) : mean_gap_s_(1.0 / rate_per_s) {}
  std::optional<double> next(double /*now*/, bool /*first*/, runtime::Random& rng) override {
    return rng.exponential(mean_gap_s_);
  }

 private:
  double mean_gap_s_;
};

}  // namespace stacksim::scenarios
