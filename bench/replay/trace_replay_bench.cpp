// Replays a 1M-VM trace on 10,000 hosts through `stacksim run`'s code path (trace reader, arrival
// ordering, filters, the experiment runner, the results database) and reports wall time and peak
// resident memory against the targets (< 30 s, < 2 GiB) and against reading the trace alone in
// the same run (the I/O floor of any replay).
//
// The trace is written first in the Azure 2017 vmtable format, gzipped (the public files' format):
// 300-second creation granularity, a VM size mix like the public dataset's, lognormal lifetimes
// (mean ~1.9 h), arrivals at a rate that keeps about 70 % of the memory busy. The replay runs in a
// child process so that its peak RSS is its own.
//
// usage: bench_trace_replay [vms=1000000] [hosts=10000] [policy=best-fit] [workdir=/tmp/...]

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/runtime/random.hpp"
#include "scenarios/runner/run_session.hpp"
#include "scenarios/schema/scenario_loader.hpp"
#include "scenarios/traces/trace_source.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct VmSize {
  int cores;
  double memory_gb;
  double weight;
};
constexpr VmSize kSizes[] = {{1, 0.75, 20}, {1, 1.75, 25}, {2, 3.5, 20}, {4, 7, 15},
                             {8, 14, 5},    {2, 4, 8},     {4, 8, 5},    {8, 56, 2}};

void write_trace(const std::string& path, long vms, long hosts) {
  stacksim::runtime::Random rng(2017);
  double total_weight = 0, mean_memory_gb = 0;
  for (const VmSize& s : kSizes) {
    total_weight += s.weight;
    mean_memory_gb += s.weight * s.memory_gb;
  }
  mean_memory_gb /= total_weight;
  const double mu = 8.0, sigma = 1.3;
  const double mean_life_s = std::exp(mu + sigma * sigma / 2);
  // Little's law: busy memory = rate * mean lifetime * mean size = 70 % of 128 GiB per host.
  const double rate = 0.7 * 128.0 * static_cast<double>(hosts) / (mean_memory_gb * mean_life_s);
  gzFile out = gzopen(path.c_str(), "wb1");
  if (out == nullptr) throw std::runtime_error("cannot write " + path);
  double t = 0;
  char line[160];
  for (long i = 0; i < vms; ++i) {
    t += rng.exponential(1.0 / rate);
    const long created = static_cast<long>(t) / 300 * 300;
    const double life = std::max(300.0, std::exp(rng.normal(mu, sigma)));
    const long deleted = created + static_cast<long>(life) / 300 * 300;
    double pick = rng.uniform() * total_weight;
    const VmSize* size = &kSizes[0];
    for (const VmSize& s : kSizes) {
      size = &s;
      if ((pick -= s.weight) < 0) break;
    }
    const double avg = 2 + rng.uniform() * 38;
    const int n = std::snprintf(line, sizeof line,
                                "vm%07ld,sub%03ld,dep%04ld,%ld,%ld,%.2f,%.2f,%.2f,Unknown,%d,%g\n",
                                i, i % 400, i % 3000, created, deleted, std::min(100.0, avg * 2.5),
                                avg, std::min(100.0, avg * 2), size->cores, size->memory_gb);
    gzwrite(out, line, static_cast<unsigned>(n));
  }
  gzclose(out);
}

nlohmann::json scenario_document(const std::string& trace, long hosts, const std::string& policy,
                                 const std::string& database) {
  return {{"name", "trace-replay-bench"},
          {"seed", 1},
          {"datacenter",
           {{"host_classes",
             {{{"name", "compute"}, {"count", hosts}, {"vcpus", 32}, {"memory_mb", 131072}}}}}},
          {"control_plane",
           {{"scheduler", {{"placement_policy", policy}}},
            {"allocation_ratios", {{"cpu", 4.0}, {"ram", 1.0}}}}},
          {"workload", {{"trace", {{"format", "azure-2017"}, {"path", trace}}}}},
          {"telemetry", {{"interval_s", 3600}}},
          {"outputs", {{"database", database}}}};
}

double read_alone(const std::string& trace, long& items) {
  stacksim::scenarios::TraceSpec spec;
  spec.format = "azure-2017";
  spec.path = trace;
  const auto start = Clock::now();
  stacksim::scenarios::TraceSource source(spec);
  stacksim::scenarios::TraceItem item;
  items = 0;
  while (source.next(item))
    ++items;
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const long vms = argc > 1 ? std::atol(argv[1]) : 1000000;
  const long hosts = argc > 2 ? std::atol(argv[2]) : 10000;
  const std::string policy = argc > 3 ? argv[3] : "best-fit";
  const std::filesystem::path dir =
      argc > 4 ? argv[4] : std::filesystem::temp_directory_path() / "stacksim-bench-trace-replay";
  std::filesystem::create_directories(dir);
  const std::string trace = (dir / "vmtable.csv.gz").string();
  const std::string database = (dir / "results.db").string();
  std::filesystem::remove(database);

  auto start = Clock::now();
  write_trace(trace, vms, hosts);
  std::printf("trace: %ld VMs (Azure 2017 vmtable, gzip, %.1f MB) written in %.1f s\n", vms,
              static_cast<double>(std::filesystem::file_size(trace)) / 1e6, seconds_since(start));
  long items = 0;
  const double read_s = read_alone(trace, items);
  std::printf("reference: reading the trace alone: %ld requests in %.2f s\n", items, read_s);
  std::fflush(stdout);

  const pid_t child = fork();
  if (child == 0) {
    try {
      const auto scenario = stacksim::scenarios::parse_scenario(
          scenario_document(trace, hosts, policy, database), (dir / "bench.json").string());
      stacksim::scenarios::SessionOptions options;
      options.progress = false;
      start = Clock::now();
      const auto result = stacksim::scenarios::run_session(scenario, options);
      const auto& s = result.summary;
      std::printf(
          "replay: %s on %d hosts: %lld arrivals, %lld placed, %lld rejected, %.0f s simulated, "
          "%llu engine events\n",
          s.placement_policy.c_str(), s.hosts, static_cast<long long>(s.arrivals),
          static_cast<long long>(s.placed), static_cast<long long>(s.rejected), s.sim_time_s,
          static_cast<unsigned long long>(s.engine_events));
      std::printf("replay wall time (incl. results database): %.2f s\n", seconds_since(start));
      std::fflush(stdout);
      std::_Exit(0);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_trace_replay: %s\n", e.what());
      std::_Exit(1);
    }
  }
  int status = 0;
  rusage usage{};
  start = Clock::now();
  wait4(child, &status, 0, &usage);
  const double wall = seconds_since(start);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  const double rss_gib = static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0);
  const auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
  };
  // CPU time shows what the replay costs when other work shares the machine's cores.
  std::printf("replay process: %.2f s wall, %.2f s CPU, peak RSS %.2f GiB\n", wall,
              secs(usage.ru_utime) + secs(usage.ru_stime), rss_gib);
  std::printf("ratio to targets: time %.2fx of 30 s, memory %.2fx of 2 GiB (<= 1 meets them)\n",
              wall / 30.0, rss_gib / 2.0);
  std::printf("ratio to reading the trace alone: %.2fx\n", wall / read_s);
  return 0;
}
