#include "sim/models/live_migration.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/runtime/sleep.hpp"
#include "sim/models/flow_transfer.hpp"

namespace stacksim::sim {

namespace {

runtime::Task<FlowEnd> copy(FlowNetwork& network, std::vector<LinkId> route, double bytes,
                            double rate_cap) {
  FlowRequest request;
  request.route = std::move(route);
  request.bytes = bytes;
  request.rate_cap = rate_cap;
  const FlowEnd end = co_await transfer(network, std::move(request));
  if (end.outcome != FlowOutcome::completed) {
    throw std::runtime_error("live migration: a copy round failed (a link of the route went down)");
  }
  co_return end;
}

}  // namespace

runtime::Task<runtime::MigrationStats> live_migrate(FlowNetwork& network, std::vector<LinkId> route,
                                                    LiveMigrationSpec spec) {
  if (!(spec.memory_bytes >= 0) || !(spec.dirty_rate_bytes_per_s >= 0) ||
      !(spec.stop_copy_threshold_bytes >= 0) || spec.max_rounds < 0 || !(spec.switchover_s >= 0)) {
    throw std::invalid_argument("live migration: sizes, rates and times must be >= 0");
  }
  const double start = network.clock();
  runtime::MigrationStats stats;
  double left = spec.memory_bytes;
  double moved = 0;
  while (left > spec.stop_copy_threshold_bytes && stats.rounds < spec.max_rounds) {
    const double round_start =
        std::max(network.clock(), runtime::to_seconds(network.simulator().now()));
    const FlowEnd end = co_await copy(network, route, left, spec.rate_cap_bytes_per_s);
    ++stats.rounds;
    moved += left;
    left = std::min(spec.memory_bytes, spec.dirty_rate_bytes_per_s * (end.time - round_start));
  }
  // Stop and copy: the guest is paused for the rest and the switchover.
  const double pause = std::max(network.clock(), runtime::to_seconds(network.simulator().now()));
  const FlowEnd last = co_await copy(network, route, left, spec.rate_cap_bytes_per_s);
  moved += left;
  co_await runtime::sleep_for(runtime::from_seconds(spec.switchover_s));
  const double end = last.time + spec.switchover_s;
  stats.downtime = runtime::from_seconds(end - pause);
  stats.total_time = runtime::from_seconds(end - start);
  stats.bytes_transferred = static_cast<std::int64_t>(moved);
  co_return stats;
}

}  // namespace stacksim::sim
