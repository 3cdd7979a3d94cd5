// The flow network against a naive reference written here: progressive filling over every active
// flow at every event, with the clock stepped from event to event. Random networks and flows, with
// caps, weights, shared links and simultaneous events; the local repair must give the same
// completion times as the reference to 1e-9 relative.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/runtime/random.hpp"
#include "sim/engine/simulator.hpp"
#include "sim/models/flow_network.hpp"

using namespace stacksim;

namespace {

struct RefFlow {
  std::vector<sim::LinkId> route;
  double bytes, start, cap, weight;
};

// Weighted max-min with caps, one link or cap saturated per round.
std::vector<double> reference_rates(const std::vector<double>& bandwidth,
                                    const std::vector<RefFlow>& flows,
                                    const std::vector<std::size_t>& active) {
  std::vector<double> rate(flows.size(), 0), free = bandwidth;
  std::vector<bool> fixed(flows.size(), false);
  std::size_t left = active.size();
  while (left > 0) {
    double level = std::numeric_limits<double>::infinity();
    for (std::size_t l = 0; l < bandwidth.size(); ++l) {
      double w = 0;
      for (std::size_t f : active) {
        if (!fixed[f] && std::count(flows[f].route.begin(), flows[f].route.end(), l) > 0) {
          w += flows[f].weight;
        }
      }
      if (w > 0) level = std::min(level, free[l] / w);
    }
    for (std::size_t f : active) {
      if (!fixed[f] && flows[f].cap > 0) level = std::min(level, flows[f].cap / flows[f].weight);
    }
    for (std::size_t f : active) {
      if (fixed[f]) continue;
      bool saturated = flows[f].cap > 0 && flows[f].cap / flows[f].weight <= level;
      for (sim::LinkId l : flows[f].route) {
        double w = 0;
        for (std::size_t g : active) {
          if (!fixed[g] && std::count(flows[g].route.begin(), flows[g].route.end(), l) > 0) {
            w += flows[g].weight;
          }
        }
        saturated = saturated || free[l] / w <= level * (1 + 1e-14);
      }
      if (!saturated) continue;
      rate[f] = flows[f].cap > 0 ? std::min(flows[f].cap, level * flows[f].weight)
                                 : level * flows[f].weight;
    }
    for (std::size_t f : active) {
      if (fixed[f] || rate[f] == 0) continue;
      fixed[f] = true;
      --left;
      for (sim::LinkId l : flows[f].route)
        free[l] = std::max(0.0, free[l] - rate[f]);
    }
  }
  return rate;
}

std::vector<double> reference_ends(const std::vector<double>& bandwidth,
                                   const std::vector<RefFlow>& flows) {
  std::vector<double> left(flows.size()), end(flows.size(), -1);
  std::vector<bool> started(flows.size(), false);
  for (std::size_t f = 0; f < flows.size(); ++f)
    left[f] = flows[f].bytes;
  double now = 0;
  while (std::count(end.begin(), end.end(), -1.0) > 0) {
    std::vector<std::size_t> active;
    for (std::size_t f = 0; f < flows.size(); ++f) {
      if (end[f] < 0 && started[f]) active.push_back(f);
    }
    const auto rate = reference_rates(bandwidth, flows, active);
    double next = std::numeric_limits<double>::infinity();
    for (std::size_t f = 0; f < flows.size(); ++f) {
      if (!started[f]) next = std::min(next, flows[f].start);
    }
    for (std::size_t f : active)
      next = std::min(next, now + left[f] / rate[f]);
    for (std::size_t f : active) {
      left[f] -= rate[f] * (next - now);
      if (now + (left[f] + rate[f] * (next - now)) / rate[f] <= next) {
        left[f] = 0;
        end[f] = next;
      }
    }
    now = next;
    for (std::size_t f = 0; f < flows.size(); ++f) {
      if (!started[f] && flows[f].start <= now) started[f] = true;
    }
  }
  return end;
}

}  // namespace

TEST_CASE("random networks: local repair matches a naive max-min reference") {
  runtime::Random rng(2024);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t links = 3 + rng.below(8);
    std::vector<double> bandwidth;
    for (std::size_t l = 0; l < links; ++l)
      bandwidth.push_back(1e6 * (1 + rng.below(10)));
    std::vector<RefFlow> flows;
    const std::size_t count = 5 + rng.below(60);
    for (std::size_t f = 0; f < count; ++f) {
      RefFlow flow;
      const std::size_t hops = 1 + rng.below(std::min<std::size_t>(4, links));
      while (flow.route.size() < hops) {
        const auto l = static_cast<sim::LinkId>(rng.below(links));
        if (std::count(flow.route.begin(), flow.route.end(), l) == 0) flow.route.push_back(l);
      }
      flow.bytes = 1e5 * (1 + rng.below(50));
      // Starts on a coarse grid so that activations coincide with each other.
      flow.start = 0.05 * static_cast<double>(rng.below(20));
      flow.cap = rng.bernoulli(0.2) ? 2e5 * (1 + rng.below(10)) : 0;
      flow.weight = rng.bernoulli(0.3) ? 1 + static_cast<double>(rng.below(3)) : 1;
      flows.push_back(flow);
    }
    const auto expected = reference_ends(bandwidth, flows);

    sim::Simulator s;
    sim::FlowNetwork net(s);
    for (double bw : bandwidth)
      net.add_link(bw, 0);
    std::vector<double> ends(flows.size(), -1);
    for (std::size_t f = 0; f < flows.size(); ++f) {
      sim::FlowRequest r;
      r.route = flows[f].route;
      r.bytes = flows[f].bytes;
      r.start_time = flows[f].start;
      r.rate_cap = flows[f].cap;
      r.weight = flows[f].weight;
      r.on_end = [&ends, f](const sim::FlowEnd& e) { ends[f] = e.time; };
      net.start_flow(std::move(r));
    }
    s.run_until_idle();
    for (std::size_t f = 0; f < flows.size(); ++f) {
      INFO("trial " << trial << " flow " << f);
      REQUIRE(std::fabs(ends[f] - expected[f]) <= 1e-9 * expected[f]);
    }
  }
}
