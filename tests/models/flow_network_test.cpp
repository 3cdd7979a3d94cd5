#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "sim/engine/simulator.hpp"
#include "sim/models/flow_case.hpp"
#include "sim/models/flow_network.hpp"

using namespace stacksim;
using sim::FlowEnd;
using sim::FlowNetwork;
using sim::FlowRequest;

namespace {

constexpr double GB = 1e9;

FlowRequest flow(std::vector<sim::LinkId> route, double bytes, double start,
                 std::vector<double>& ends, std::size_t index) {
  FlowRequest r;
  r.route = std::move(route);
  r.bytes = bytes;
  r.start_time = start;
  if (ends.size() <= index) ends.resize(index + 1, -1);
  r.on_end = [&ends, index](const FlowEnd& e) { ends[index] = e.time; };
  return r;
}

bool close(double a, double b) {
  return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(b));
}

}  // namespace

TEST_CASE("1, 2 and 3 GB on one 1 GB/s link end at 3, 5 and 6 s") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto link = net.add_link(1 * GB, 0);
  std::vector<double> ends;
  net.start_flow(flow({link}, 1 * GB, 0, ends, 0));
  net.start_flow(flow({link}, 2 * GB, 0, ends, 1));
  net.start_flow(flow({link}, 3 * GB, 0, ends, 2));
  s.run_until_idle();
  CHECK(close(ends[0], 3));
  CHECK(close(ends[1], 5));
  CHECK(close(ends[2], 6));
  CHECK(net.flows_in_progress() == 0);
  // The Simulator clock stops at the first nanosecond at or after the last exact end.
  CHECK(s.now().time_since_epoch().count() >= 6'000'000'000 - 1);
}

TEST_CASE("a flow is idle for its route latency, then transfers") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto a = net.add_link(1 * GB, 0.25);
  const auto b = net.add_link(2 * GB, 0.5);
  std::vector<double> ends;
  net.start_flow(flow({a, b}, 1 * GB, 1.0, ends, 0));
  s.run_until_idle();
  CHECK(close(ends[0], 1.0 + 0.75 + 1.0));
}

TEST_CASE("max-min shares: a flow limited elsewhere leaves its share to the others") {
  // Link x (10) carries f0, f1, f2; link y (2) also carries f0. f0 gets 2, f1 and f2 get 4 each.
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(10, 0);
  const auto y = net.add_link(2, 0);
  std::vector<double> ends;
  const auto f0 = net.start_flow(flow({x, y}, 100, 0, ends, 0));
  const auto f1 = net.start_flow(flow({x}, 100, 0, ends, 1));
  const auto f2 = net.start_flow(flow({x}, 100, 0, ends, 2));
  s.run_until(runtime::at_seconds(1));
  CHECK(close(net.status(f0)->rate, 2));
  CHECK(close(net.status(f1)->rate, 4));
  CHECK(close(net.status(f2)->rate, 4));
  CHECK(close(net.link_load(x), 10));
  s.run_until_idle();
  // f1, f2 finish at 25; then f0 keeps rate 2 (y is its bottleneck): 100/2 = 50.
  CHECK(close(ends[1], 25));
  CHECK(close(ends[2], 25));
  CHECK(close(ends[0], 50));
}

TEST_CASE("a per-flow rate cap limits the flow and frees capacity for the others") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(10, 0);
  std::vector<double> ends;
  FlowRequest capped = flow({x}, 10, 0, ends, 0);
  capped.rate_cap = 1;
  const auto f0 = net.start_flow(std::move(capped));
  const auto f1 = net.start_flow(flow({x}, 90, 0, ends, 1));
  s.run_until(runtime::at_seconds(1));
  CHECK(close(net.status(f0)->rate, 1));
  CHECK(close(net.status(f1)->rate, 9));
  s.run_until_idle();
  CHECK(close(ends[0], 10));
  CHECK(close(ends[1], 10));
}

TEST_CASE("weights split a bottleneck in proportion") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(9, 0);
  std::vector<double> ends;
  FlowRequest heavy = flow({x}, 60, 0, ends, 0);
  heavy.weight = 2;
  const auto f0 = net.start_flow(std::move(heavy));
  const auto f1 = net.start_flow(flow({x}, 30, 0, ends, 1));
  s.run_until(runtime::at_seconds(1));
  CHECK(close(net.status(f0)->rate, 6));
  CHECK(close(net.status(f1)->rate, 3));
  s.run_until_idle();
  CHECK(close(ends[0], 10));
  CHECK(close(ends[1], 10));
}

TEST_CASE("only the affected connected component is recomputed") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto a = net.add_link(1, 0);
  const auto b = net.add_link(1, 0);
  std::vector<double> ends;
  for (int i = 0; i < 10; ++i)
    net.start_flow(flow({a}, 100, 0, ends, static_cast<std::size_t>(i)));
  s.run_until(runtime::at_seconds(1));
  const auto before = net.stats().flows_rerated;
  net.start_flow(flow({b}, 1, 2, ends, 10));
  s.run_until(runtime::at_seconds(2.5));
  // The flow on b is alone in its component: one flow re-rated, not eleven.
  CHECK(net.stats().flows_rerated - before == 1);
  s.run_until(runtime::at_seconds(3.5));
  CHECK(close(ends[10], 3));
}

TEST_CASE("events closer than a nanosecond are processed in exact-time order") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(1e9, 0);
  std::vector<double> ends;
  // f0 ends at 1.0 s; f1 starts 0.2 ns later (same tick) and must not share with f0.
  net.start_flow(flow({x}, 1e9, 0, ends, 0));
  net.start_flow(flow({x}, 1e9, 1.0 + 2e-10, ends, 1));
  s.run_until_idle();
  CHECK(close(ends[0], 1.0));
  CHECK(close(ends[1], 2.0 + 2e-10));
}

TEST_CASE("flows started from completion callbacks and from coroutine time") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(100, 0.5);
  std::vector<double> ends(2, -1);
  FlowRequest second;
  second.route = {x};
  second.bytes = 100;
  second.on_end = [&](const FlowEnd& e) { ends[1] = e.time; };
  FlowRequest first;
  first.route = {x};
  first.bytes = 50;
  first.on_end = [&](const FlowEnd& e) {
    ends[0] = e.time;
    net.start_flow(std::move(second));  // starts at the Simulator's tick of e.time
  };
  net.start_flow(std::move(first));
  s.run_until_idle();
  CHECK(close(ends[0], 1.0));
  CHECK(close(ends[1], 2.5));
}

TEST_CASE("a link going down fails the flows crossing it and later activations over it") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(10, 0);
  const auto y = net.add_link(10, 0);
  std::vector<sim::FlowEnd> ends;
  auto record = [&](const FlowEnd& e) { ends.push_back(e); };
  FlowRequest a{{x}, 100, 0, 1, std::nullopt, record};
  FlowRequest b{{y}, 100, 0, 1, std::nullopt, record};
  FlowRequest c{{x}, 100, 0, 1, 5.0, record};
  net.start_flow(std::move(a));
  net.start_flow(std::move(b));
  net.start_flow(std::move(c));
  s.run_until(runtime::at_seconds(4));
  net.set_link_up(x, false);
  s.run_until_idle();
  REQUIRE(ends.size() == 3);
  CHECK(ends[0].outcome == sim::FlowOutcome::failed);
  CHECK(close(ends[0].time, 4));
  CHECK(close(ends[0].bytes_left, 60));
  CHECK(ends[1].outcome == sim::FlowOutcome::failed);  // c activates at 5 on the down link
  CHECK(close(ends[1].time, 5));
  CHECK(ends[2].outcome == sim::FlowOutcome::completed);
  CHECK(close(ends[2].time, 10));
}

TEST_CASE("changing a link's bandwidth re-rates its flows from now on") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(10, 0);
  std::vector<double> ends;
  net.start_flow(flow({x}, 100, 0, ends, 0));
  s.run_until(runtime::at_seconds(5));
  net.set_link_bandwidth(x, 25);
  s.run_until_idle();
  CHECK(close(ends[0], 7));
}

TEST_CASE("cancelled flows vanish without a callback and free their share") {
  sim::Simulator s;
  FlowNetwork net(s);
  const auto x = net.add_link(10, 0);
  std::vector<double> ends;
  const auto f0 = net.start_flow(flow({x}, 100, 0, ends, 0));
  net.start_flow(flow({x}, 100, 0, ends, 1));
  s.run_until(runtime::at_seconds(2));
  CHECK(net.cancel_flow(f0));
  CHECK_FALSE(net.cancel_flow(f0));
  s.run_until_idle();
  CHECK(ends[0] == -1);
  CHECK(close(ends[1], 2 + 90.0 / 10));
}

TEST_CASE("the reference example case reproduces its expected_end values") {
  const auto c = sim::read_flow_case_file(std::string(STACKSIM_SOURCE_DIR) +
                                          "/tests/python/flows/cases/s03_staggered_latency.json");
  const auto r = sim::run_flow_case(c);
  REQUIRE(r.ends.size() == c.flows.size());
  for (std::size_t i = 0; i < r.ends.size(); ++i) {
    INFO("flow " << i);
    CHECK(std::fabs(r.ends[i] - *c.flows[i].expected_end) <= 1e-9 * *c.flows[i].expected_end);
  }
}
