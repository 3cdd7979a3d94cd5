#include "sim/models/cpu_contention.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace stacksim::sim {

std::vector<double> cpu_shares(double physical_cores, const std::vector<CpuDemand>& demands) {
  if (!(physical_cores >= 0)) throw std::invalid_argument("physical cores must be >= 0");
  std::vector<double> want(demands.size());
  for (std::size_t i = 0; i < demands.size(); ++i) {
    const CpuDemand& d = demands[i];
    if (d.vcpus < 0 || !(d.utilisation >= 0 && d.utilisation <= 1)) {
      throw std::invalid_argument("instance " + std::to_string(i) +
                                  ": vcpus must be >= 0 and utilisation in [0, 1]");
    }
    want[i] = d.vcpus * d.utilisation;
  }
  // Water-filling in increasing demand: small demands are met in full, the rest share equally.
  std::vector<std::size_t> order(want.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return want[a] < want[b]; });
  std::vector<double> granted(want.size(), 0);
  double left = physical_cores;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const double level = left / static_cast<double>(order.size() - k);
    const std::size_t i = order[k];
    granted[i] = std::min(want[i], level);
    left -= granted[i];
  }
  return granted;
}

std::vector<double> cpu_slowdowns(double physical_cores, const std::vector<CpuDemand>& demands) {
  const std::vector<double> granted = cpu_shares(physical_cores, demands);
  std::vector<double> ratio(granted.size(), 1);
  for (std::size_t i = 0; i < granted.size(); ++i) {
    const double want = demands[i].vcpus * demands[i].utilisation;
    if (want > 0) ratio[i] = granted[i] / want;
  }
  return ratio;
}

}  // namespace stacksim::sim
