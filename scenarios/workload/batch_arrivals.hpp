#pragma once
// Batches: `size` instances at first_s, then every every_s (once when every_s is not set).

#include "scenarios/workload/arrival_process.hpp"

namespace stacksim::scenarios {

class BatchArrivals final : public ArrivalProcess {
 public:
  explicit BatchArrivals(const GeneratorSpec& s)
      : size_(s.size), first_s_(s.first_s), every_s_(s.every_s) {}

  std::optional<double> next(double now, bool first, runtime::Random& /*rng*/) override {
    if (first) return std::max(0.0, first_s_ - now);
    if (!every_s_) return std::nullopt;
    return *every_s_;
  }
  [[nodiscard]] std::int64_t batch_size() const override { return size_; }

 private:
  std::int64_t size_;
  double first_s_;
  std::optional<double> every_s_;
};

}  // namespace stacksim::scenarios
