// Network benchmark: a k=16 fat-tree (1024 hosts, 10 Gb/s links, full bisection), 100,000 flows
// with Poisson arrivals at ~50% of the host-link capacity, sizes uniform in [1e5, 2e7] bytes,
// routed by ECMP. Runs the flow network model (the `stacksim flows` entry point, run_flow_case) on
// all flows, then the model and SimGrid 3.32 CM02 (the differential-test oracle) on the same
// first M flows, checks that every completion time agrees within 1e-9, and prints the ratio.
// SimGrid's cost per flow grows with the run here (131 flows per CPU second on the first 10k
// flows, 61 on the first 20k), so by default it runs a prefix; --simgrid-flows 0 runs it on
// everything (well over 30 CPU minutes).
//
// usage: bench_network [--flows 100000] [--simgrid-flows 3000] [--k 16] [--load 0.5] [--seed 1]
//                      [--write-case FILE]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "core/runtime/random.hpp"
#include "sim/models/ecmp_routing.hpp"
#include "sim/models/fat_tree.hpp"
#include "sim/models/flow_case.hpp"
#include "tests/python/flows/simgrid_flow_runner.hpp"

namespace {

using namespace stacksim;
using Clock = std::chrono::steady_clock;

struct Options {
  std::size_t flows = 100'000;
  std::size_t simgrid_flows = 3'000;
  int k = 16;
  double load = 0.5;
  std::uint64_t seed = 1;
  std::string write_case;
};

constexpr double kLinkBandwidth = 1.25e9;  // 10 Gb/s
constexpr double kLinkLatency = 1e-6;
constexpr double kMinBytes = 1e5;
constexpr double kMaxBytes = 2e7;

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--flows") {
      o.flows = std::strtoull(value, nullptr, 10);
    } else if (flag == "--simgrid-flows") {
      o.simgrid_flows = std::strtoull(value, nullptr, 10);
    } else if (flag == "--k") {
      o.k = std::atoi(value);
    } else if (flag == "--load") {
      o.load = std::atof(value);
    } else if (flag == "--seed") {
      o.seed = std::strtoull(value, nullptr, 10);
    } else if (flag == "--write-case") {
      o.write_case = value;
    } else {
      std::fprintf(stderr, "bench_network: unknown option %s\n", flag.c_str());
      std::exit(2);
    }
  }
  if (argc % 2 == 0) {
    std::fprintf(stderr, "bench_network: option %s needs a value\n", argv[argc - 1]);
    std::exit(2);
  }
  if (o.simgrid_flows == 0 || o.simgrid_flows > o.flows) o.simgrid_flows = o.flows;
  return o;
}

/// Links and hosts of the fat-tree, and `count` Poisson flows between random distinct hosts whose
/// aggregate rate loads the host links to `load` on average. Routes are per host pair (the case
/// format has one route per pair), chosen by ECMP from the pair's hash.
sim::FlowCase make_case(const Options& o) {
  const sim::Topology topology = sim::build_fat_tree({.k = o.k,
                                                      .host_bandwidth = kLinkBandwidth,
                                                      .fabric_bandwidth = kLinkBandwidth,
                                                      .latency = kLinkLatency});
  const sim::EcmpRouting routing(topology);
  sim::FlowCase c;
  c.name = "fat_tree_k" + std::to_string(o.k) + "_" + std::to_string(o.flows);
  for (sim::LinkId id = 0; id < topology.link_count(); ++id) {
    const sim::TopologyLink& l = topology.link(id);
    c.links.push_back(
        {topology.node(l.from).name + ">" + topology.node(l.to).name, l.bandwidth, l.latency});
  }
  const auto& hosts = topology.hosts();
  for (sim::NodeId h : hosts)
    c.hosts.push_back(topology.node(h).name);
  const double mean_bytes = (kMinBytes + kMaxBytes) / 2;
  const double arrivals_per_s =
      o.load * static_cast<double>(hosts.size()) * kLinkBandwidth / mean_bytes;
  runtime::Random rng(o.seed);
  double t = 0;
  for (std::size_t i = 0; i < o.flows; ++i) {
    t += rng.exponential(1.0 / arrivals_per_s);
    const std::size_t src = rng.below(hosts.size());
    std::size_t dst = rng.below(hosts.size() - 1);
    if (dst >= src) ++dst;
    sim::FlowCaseFlow f;
    f.source = src;
    f.destination = dst;
    f.bytes = static_cast<double>(
        rng.integer(static_cast<std::int64_t>(kMinBytes), static_cast<std::int64_t>(kMaxBytes)));
    f.start = t;
    c.flows.push_back(f);
    auto& route = c.routes[{src, dst}];
    if (route.empty()) {
      const auto hash = sim::EcmpRouting::flow_hash(hosts[src], hosts[dst], 0);
      for (sim::LinkId id : routing.route(hosts[src], hosts[dst], hash))
        route.push_back(id);
    }
  }
  return c;
}

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// Wall and CPU seconds of f(). The machine may be shared, so the ratios use CPU time (both
/// simulators are single-threaded and run in this process); wall time is printed beside it.
struct Cost {
  double wall = 0;
  double cpu = 0;
};

template <class F>
Cost measure(F&& f) {
  const auto start = Clock::now();
  const double cpu_start = cpu_now();
  f();
  return {std::chrono::duration<double>(Clock::now() - start).count(), cpu_now() - cpu_start};
}

void report(const char* who, std::size_t flows, const Cost& cost, const char* note) {
  std::printf("%-9s %7zu flows: %8.3f s CPU (%8.3f s wall), %8.0f flows per CPU second%s\n", who,
              flows, cost.cpu, cost.wall, static_cast<double>(flows) / cost.cpu, note);
}

/// The largest number of flows in progress at once (between their start and their end).
std::size_t peak_concurrency(const sim::FlowCase& c, const std::vector<double>& ends) {
  std::vector<std::pair<double, int>> events;
  for (std::size_t i = 0; i < c.flows.size(); ++i) {
    events.emplace_back(c.flows[i].start, 1);
    events.emplace_back(ends[i], -1);
  }
  std::sort(events.begin(), events.end());
  std::size_t now = 0, peak = 0;
  for (const auto& [time, delta] : events) {
    now = delta > 0 ? now + 1 : now - 1;
    peak = std::max(peak, now);
  }
  return peak;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const sim::FlowCase full = make_case(o);
  if (!o.write_case.empty()) std::ofstream(o.write_case) << sim::to_json(full).dump() << "\n";
  std::printf(
      "fat-tree k=%d: %zu hosts, %zu links; %zu flows, Poisson at %.0f%% host-link load, "
      "sizes U[%.0e, %.0e] B, last arrival at %.3f s\n",
      o.k, full.hosts.size(), full.links.size(), full.flows.size(), 100 * o.load, kMinBytes,
      kMaxBytes, full.flows.back().start);

  sim::FlowCaseResult ours_full;
  const Cost ours_full_cost = measure([&] { ours_full = sim::run_flow_case(full); });
  report("stacksim", full.flows.size(), ours_full_cost, "");
  const sim::FlowNetworkStats& stats = ours_full.stats;
  std::printf(
      "          simulated makespan %.3f s; %llu share updates, %.2f fillings and %.0f flows "
      "re-rated per update, %llu fell back to the whole component; at most %zu flows at once\n",
      ours_full.makespan, static_cast<unsigned long long>(stats.recomputations),
      static_cast<double>(stats.fill_rounds) / static_cast<double>(stats.recomputations),
      static_cast<double>(stats.flows_rerated) / static_cast<double>(stats.recomputations),
      static_cast<unsigned long long>(stats.full_components),
      peak_concurrency(full, ours_full.ends));

  // The same first M flows (a prefix of the arrivals is a complete workload of its own).
  sim::FlowCase prefix = full;
  prefix.flows.resize(o.simgrid_flows);
  const bool all_flows = prefix.flows.size() == full.flows.size();
  // On all flows the full run above is the measurement; a prefix is run again on its own.
  sim::FlowCaseResult ours_prefix = all_flows ? ours_full : sim::FlowCaseResult{};
  const Cost ours_prefix_cost =
      all_flows ? ours_full_cost : measure([&] { ours_prefix = sim::run_flow_case(prefix); });
  std::vector<double> simgrid_ends;
  const Cost simgrid_cost = measure([&] { simgrid_ends = oracle::run_in_simgrid(prefix, {}); });
  if (!all_flows) report("stacksim", prefix.flows.size(), ours_prefix_cost, "");
  report("SimGrid", prefix.flows.size(), simgrid_cost,
         all_flows ? " CM02, Full update"
                   : " CM02, Full update [PREFIX: first flows only; --simgrid-flows 0 runs all]");

  double worst = 0;
  std::size_t disagree = 0;
  for (std::size_t i = 0; i < prefix.flows.size(); ++i) {
    const double error = std::fabs(ours_prefix.ends[i] - simgrid_ends[i]) / simgrid_ends[i];
    worst = std::max(worst, error);
    if (!(error <= 1e-9)) ++disagree;
  }
  std::printf("agreement %zu of %zu completion times within 1e-9 relative (worst %.3g)%s\n",
              prefix.flows.size() - disagree, prefix.flows.size(), worst,
              disagree == 0 ? "" : "  MISMATCH");
  std::printf("ratio     %.1fx on the same %zu flows (SimGrid CPU / stacksim CPU; wall %.1fx)\n",
              simgrid_cost.cpu / ours_prefix_cost.cpu, prefix.flows.size(),
              simgrid_cost.wall / ours_prefix_cost.wall);
  if (!all_flows) {
    const auto per_flow = [](const Cost& c, std::size_t n) {
      return c.cpu / static_cast<double>(n);
    };
    std::printf(
        "ratio     %.1fx in CPU per flow: stacksim on all %zu flows vs SimGrid on the first "
        "%zu\n",
        per_flow(simgrid_cost, prefix.flows.size()) / per_flow(ours_full_cost, full.flows.size()),
        full.flows.size(), prefix.flows.size());
  }
  return disagree == 0 ? 0 : 1;
}
