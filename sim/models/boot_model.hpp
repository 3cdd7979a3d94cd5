#pragma once
// Instance boot time: fetch the image over the network unless the host has it cached (a flow from
// the image store to the host, so it shares links with everything else), then boot for a delay
// drawn from a configurable distribution.

#include <set>
#include <string>
#include <vector>

#include "core/runtime/random.hpp"
#include "core/runtime/task.hpp"
#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

/// constant: value_s. uniform: [low_s, high_s). normal: mean_s, stddev_s (clipped at 0).
/// lognormal: the underlying normal's mu, sigma (of ln seconds).
struct DelayDistribution {
  enum class Family { constant, uniform, normal, lognormal } family = Family::constant;
  double value_s = 0;
  double low_s = 0, high_s = 0;
  double mean_s = 0, stddev_s = 0;
  double mu = 0, sigma = 0;

  [[nodiscard]] double draw(runtime::Random& random) const;
};

/// A host's image cache (image ids already on local disk).
class ImageCache {
 public:
  [[nodiscard]] bool contains(const std::string& image) const { return images_.contains(image); }
  void add(const std::string& image) { images_.insert(image); }
  void evict(const std::string& image) { images_.erase(image); }

 private:
  std::set<std::string> images_;
};

struct BootRequest {
  std::string image_id;
  double image_bytes = 0;
  std::vector<LinkId> image_route;  // image store -> host
};

struct BootTiming {
  bool fetched = false;  // false: the image was cached
  double fetch_s = 0;
  double boot_s = 0;
};

/// Fetches (and caches) the image if needed, then waits the boot delay. Throws if the fetch fails.
runtime::Task<BootTiming> boot_instance(FlowNetwork& network, ImageCache& cache,
                                        DelayDistribution delay, runtime::Random& random,
                                        BootRequest request);

}  // namespace stacksim::sim
