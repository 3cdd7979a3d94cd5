// bench_ring: rebalance phases of a large ring with stacksim's RingBuilder, timed in CPU seconds.
// run_bench.py runs the same phases with Swift's RingBuilder on the same devices and prints the
// ratio. Devices: <regions> x <zones> x <servers> x <disks>, weights 4000/8000/12000 by position.
//
//   bench_ring [part_power=20] [regions=2] [zones=10] [servers=5] [disks=10]
//
// Output: one JSON object per phase (build, add_zone, fail_device).

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <string>

#include "core/objectstore/ring_builder.hpp"
#include "core/objectstore/text.hpp"

using namespace stacksim::objectstore;

namespace {

constexpr std::int64_t kNow = 1700000000;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void add_zone(RingBuilder& b, int region, int zone, int servers, int disks) {
  for (int s = 0; s < servers; ++s) {
    for (int d = 0; d < disks; ++d) {
      Device dev;
      dev.region = region;
      dev.zone = zone;
      dev.ip = cat("10.", region, '.', zone, '.', s);
      dev.port = 6200;
      dev.replication_ip = dev.ip;
      dev.replication_port = 6200;
      dev.device = cat('d', d);
      dev.weight = 4000.0 * ((s + d) % 3 + 1);
      b.add_dev(dev);
    }
  }
}

void phase(const char* name, RingBuilder& b, const char* seed) {
  PyRandom random;
  random.seed_string(seed);
  const double t0 = cpu_seconds();
  const RebalanceResult r = b.rebalance(random, kNow);
  const double t1 = cpu_seconds();
  std::printf(
      "{\"phase\": \"%s\", \"cpu_s\": %.6f, \"moved\": %lld, \"balance\": %.9f, "
      "\"dispersion\": %.9f, \"devices\": %zu}\n",
      name, t1 - t0, static_cast<long long>(r.parts_moved), r.balance, b.dispersion(),
      static_cast<std::size_t>(std::count_if(b.devs().begin(), b.devs().end(),
                                             [](const auto& d) { return d.has_value(); })));
  std::fflush(stdout);
  b.pretend_min_part_hours_passed();
}

}  // namespace

int main(int argc, char** argv) {
  const auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  const int part_power = arg(1, 20);
  const int regions = arg(2, 2);
  const int zones = arg(3, 10);
  const int servers = arg(4, 5);
  const int disks = arg(5, 10);
  RingBuilder b(part_power, 3, 1);
  for (int r = 1; r <= regions; ++r) {
    for (int z = 1; z <= zones; ++z) add_zone(b, r, z, servers, disks);
  }
  phase("build", b, "1");
  add_zone(b, 1, zones + 1, servers, disks);
  phase("add_zone", b, "2");
  b.remove_dev(0);
  phase("fail_device", b, "3");
  return 0;
}
