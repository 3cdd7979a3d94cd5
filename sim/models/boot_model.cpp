#include "sim/models/boot_model.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/runtime/sleep.hpp"
#include "sim/models/flow_transfer.hpp"

namespace stacksim::sim {

double DelayDistribution::draw(runtime::Random& random) const {
  switch (family) {
    case Family::constant:
      return value_s;
    case Family::uniform:
      return random.uniform(low_s, high_s);
    case Family::normal:
      return std::max(0.0, random.normal(mean_s, stddev_s));
    case Family::lognormal:
      return random.lognormal(mu, sigma);
  }
  return 0;
}

runtime::Task<BootTiming> boot_instance(FlowNetwork& network, ImageCache& cache,
                                        DelayDistribution delay, runtime::Random& random,
                                        BootRequest request) {
  BootTiming timing;
  if (!cache.contains(request.image_id)) {
    const double start = std::max(network.clock(), runtime::to_seconds(network.simulator().now()));
    FlowRequest fetch;
    fetch.route = std::move(request.image_route);
    fetch.bytes = request.image_bytes;
    const FlowEnd end = co_await transfer(network, std::move(fetch));
    if (end.outcome != FlowOutcome::completed) {
      throw std::runtime_error("image " + request.image_id + ": download failed");
    }
    cache.add(request.image_id);
    timing.fetched = true;
    timing.fetch_s = end.time - start;
  }
  timing.boot_s = delay.draw(random);
  co_await runtime::sleep_for(runtime::from_seconds(timing.boot_s));
  co_return timing;
}

}  // namespace stacksim::sim
