// The VM lifecycle model (docs/scenarios.md) on stacksim's experiment runner -- the engine, the
// placement index, the instance lifecycle -- beside a minimal hand-written event loop of the same
// model compiled into this binary: std::priority_queue of events and, per flavor, a std::set of
// (free RAM, host) over the hosts that fit it. Both draw from the same random stream in the same
// order and keep time in integer nanoseconds, so they must place exactly the same VMs; the bench
// checks that, prints events/s of both and their ratio, and checks the statistics against the
// reference values (at M = 1e6).
//
// usage: bench_vm_lifecycle [arrivals=1000000] [repeats=3] [seed=1]

#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <queue>
#include <set>
#include <vector>

#include "core/runtime/time.hpp"
#include "scenarios/models/vm_lifecycle_model.hpp"
#include "sim/engine/random_streams.hpp"

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

using stacksim::scenarios::VmLifecycleParams;
using stacksim::scenarios::VmLifecycleResult;

VmLifecycleResult run_reference(const VmLifecycleParams& p) {
  struct Event {
    std::int64_t time;
    std::uint64_t seq;
    int host;  // -1: an arrival
    int flavor;
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  const auto start = std::chrono::steady_clock::now();
  stacksim::sim::RandomStreams streams(p.seed);
  stacksim::runtime::Random& rng = streams.stream("workload.arrivals");
  const std::size_t nf = p.flavors.size();
  const auto n = static_cast<std::size_t>(p.hosts);
  std::vector<int> free_vcpu(n, p.host_vcpus);
  std::vector<std::int64_t> free_ram(n, p.host_memory_mb);
  std::vector<std::set<std::pair<std::int64_t, int>>> fitting(nf);
  const auto fits = [&](std::size_t h, std::size_t f) {
    return free_vcpu[h] >= p.flavors[f].vcpus && free_ram[h] >= p.flavors[f].memory_mb;
  };
  for (std::size_t f = 0; f < nf; ++f) {
    for (std::size_t h = 0; h < n; ++h) {
      if (fits(h, f)) fitting[f].emplace(free_ram[h], static_cast<int>(h));
    }
  }
  const auto change = [&](std::size_t h, int dvcpu, std::int64_t dram) {
    for (std::size_t f = 0; f < nf; ++f) {
      if (fits(h, f)) fitting[f].erase({free_ram[h], static_cast<int>(h)});
    }
    free_vcpu[h] += dvcpu;
    free_ram[h] += dram;
    for (std::size_t f = 0; f < nf; ++f) {
      if (fits(h, f)) fitting[f].emplace(free_ram[h], static_cast<int>(h));
    }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue;
  std::uint64_t seq = 0;
  const auto gap_ns = [&] {
    return stacksim::runtime::from_seconds(rng.exponential(1.0 / p.arrival_rate_per_s)).count();
  };
  queue.push({gap_ns(), seq++, -1, 0});
  VmLifecycleResult r;
  r.rejected_per_flavor.assign(nf, 0);
  std::int64_t used_vcpu = 0, used_ram = 0, arrived = 0, active = 0, rejected_half = 0;
  double vcpu_s = 0, ram_s = 0, last_t = 0, half_t = 0, vcpu_half = 0, ram_half = 0;
  for (;;) {
    const Event e = queue.top();
    queue.pop();
    ++r.events;
    const double t = static_cast<double>(e.time) * 1e-9;
    vcpu_s += static_cast<double>(used_vcpu) * (t - last_t);
    ram_s += static_cast<double>(used_ram) * (t - last_t);
    last_t = t;
    if (e.host >= 0) {
      const auto& f = p.flavors[static_cast<std::size_t>(e.flavor)];
      change(static_cast<std::size_t>(e.host), f.vcpus, f.memory_mb);
      used_vcpu -= f.vcpus;
      used_ram -= f.memory_mb;
      --active;
      continue;
    }
    ++arrived;
    const auto fi = static_cast<std::size_t>(rng.below(nf));
    const double lifetime = rng.exponential(p.mean_lifetime_s);
    const auto& f = p.flavors[fi];
    const auto& candidates = fitting[fi];
    int host = -1;
    if (p.policy == stacksim::scenarios::LifecyclePolicy::best_fit) {
      if (!candidates.empty()) host = candidates.begin()->second;
    } else {
      for (const auto& c : candidates)
        host = host < 0 ? c.second : std::min(host, c.second);
    }
    if (host < 0) {
      ++r.rejected;
      ++r.rejected_per_flavor[fi];
    } else {
      ++r.placed;
      ++active;
      change(static_cast<std::size_t>(host), -f.vcpus, -f.memory_mb);
      used_vcpu += f.vcpus;
      used_ram += f.memory_mb;
      queue.push({e.time + stacksim::runtime::from_seconds(lifetime).count(), seq++, host,
                  static_cast<int>(fi)});
    }
    if (arrived == p.arrivals / 2) {
      half_t = t;
      vcpu_half = vcpu_s;
      ram_half = ram_s;
      rejected_half = r.rejected;
    }
    if (arrived == p.arrivals) break;
    queue.push({e.time + gap_ns(), seq++, -1, 0});
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cap_vcpu = static_cast<double>(p.hosts) * p.host_vcpus;
  const double cap_ram = static_cast<double>(p.hosts) * static_cast<double>(p.host_memory_mb);
  r.sim_time_s = last_t;
  r.util_vcpu = vcpu_s / (cap_vcpu * last_t);
  r.util_ram = ram_s / (cap_ram * last_t);
  r.util_vcpu_2h = (vcpu_s - vcpu_half) / (cap_vcpu * (last_t - half_t));
  r.util_ram_2h = (ram_s - ram_half) / (cap_ram * (last_t - half_t));
  r.reject_frac_2h = static_cast<double>(r.rejected - rejected_half) /
                     static_cast<double>(p.arrivals - p.arrivals / 2);
  r.active_end = active;
  return r;
}

bool same_outcome(const VmLifecycleResult& a, const VmLifecycleResult& b) {
  return a.placed == b.placed && a.rejected == b.rejected &&
         a.rejected_per_flavor == b.rejected_per_flavor && a.events == b.events &&
         a.active_end == b.active_end && std::fabs(a.util_vcpu - b.util_vcpu) < 1e-9;
}

bool near(const char* name, double value, double reference, double tolerance) {
  const bool ok = std::fabs(value - reference) <= tolerance;
  std::printf("  %-14s %12.5g  reference %10.5g +- %-8.3g %s\n", name, value, reference, tolerance,
              ok ? "ok" : "OFF");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  VmLifecycleParams p;
  p.arrivals = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  p.seed = argc > 3 ? static_cast<std::uint64_t>(std::atoll(argv[3])) : 1;
  std::printf("VM lifecycle model: %d hosts, %lld arrivals, best-fit, seed %llu, best of %d\n",
              p.hosts, static_cast<long long>(p.arrivals), static_cast<unsigned long long>(p.seed),
              repeats);
  // CPU time is what the comparison uses: on a shared machine wall time also counts waiting.
  double best_ref = 1e300, best_engine = 1e300, wall_ref = 1e300, wall_engine = 1e300;
  VmLifecycleResult ref, engine;
  bool identical = true;
  for (int i = 0; i < repeats; ++i) {
    double c0 = cpu_seconds();
    ref = run_reference(p);
    best_ref = std::min(best_ref, cpu_seconds() - c0);
    c0 = cpu_seconds();
    engine = stacksim::scenarios::run_vm_lifecycle_model(p);
    best_engine = std::min(best_engine, cpu_seconds() - c0);
    identical = identical && same_outcome(ref, engine);
    wall_ref = std::min(wall_ref, ref.wall_s);
    wall_engine = std::min(wall_engine, engine.wall_s);
  }
  const double ev = static_cast<double>(engine.events);
  std::printf("hand-written loop   %8.3f s CPU (%.3f s wall)  %6.2f M events/s\n", best_ref,
              wall_ref, static_cast<double>(ref.events) / best_ref / 1e6);
  std::printf("stacksim runner     %8.3f s CPU (%.3f s wall)  %6.2f M events/s\n", best_engine,
              wall_engine, ev / best_engine / 1e6);
  std::printf("ratio (runner speed / hand-written speed): %.2fx (target >= 1.0x)\n",
              best_ref / best_engine);
  std::printf("same placements as the hand-written loop: %s\n", identical ? "yes" : "NO");
  bool ok = identical;
  if (p.arrivals == 1'000'000) {
    std::printf("statistics (M = 1e6) against the reference:\n");
    ok &= near("reject_frac", static_cast<double>(engine.rejected) / 1e6, 0.030, 0.0015);
    ok &= near("util_vcpu", engine.util_vcpu, 0.9798, 0.003);
    ok &= near("util_ram", engine.util_ram, 0.9302, 0.003);
    ok &= near("util_vcpu_2h", engine.util_vcpu_2h, 0.9968, 0.002);
    ok &= near("util_ram_2h", engine.util_ram_2h, 0.946, 0.003);
    ok &= near("events", ev, 1.949e6, 0.004e6);
    ok &= near("active_end", static_cast<double>(engine.active_end), 20950, 250);
    const double xlarge = static_cast<double>(engine.rejected_per_flavor.back()) /
                          static_cast<double>(engine.rejected);
    ok &= near("xlarge_share", xlarge, 0.95, 0.03);
  }
  return ok ? 0 : 1;
}
