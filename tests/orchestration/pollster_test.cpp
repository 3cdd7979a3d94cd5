// The compute pollster on the compute test cloud (tests/telemetry has no hypervisors).

#include <catch2/catch.hpp>

#include "core/telemetry/instance_pollster.hpp"
#include "tests/orchestration/heat_cloud.hpp"

using namespace stacksim;

namespace {

/// Guests that keep half of one vCPU busy and move 1 MB per busy second.
class HalfBusy final : public telemetry::GuestActivity {
 public:
  telemetry::GuestCounters counters(const runtime::InstanceInfo& instance,
                                    runtime::TimePoint now) override {
    (void)instance;
    telemetry::GuestCounters c;
    c.cpu_time = runtime::from_seconds(0.5 * runtime::to_seconds(now.time_since_epoch()));
    c.memory_usage_mb = 256;
    c.network_incoming_bytes = static_cast<std::int64_t>(1e6 * runtime::to_seconds(c.cpu_time));
    return c;
  }
};

}  // namespace

TEST_CASE("the instance pollster turns CPU time into cpu_util per vCPU") {
  testing::HeatCloud cloud(1);
  const compute::Instance vm = cloud.boot("vm", "3");  // 2 vCPUs
  cloud.settle();
  telemetry::InstancePollster plain(cloud.backend);
  telemetry::InstancePollster busy(cloud.backend, std::make_shared<HalfBusy>());
  std::vector<telemetry::Sample> first, second, backend_only;
  const auto poll = [&](telemetry::InstancePollster* p,
                        std::vector<telemetry::Sample>* out) -> runtime::Task<void> {
    *out = co_await p->poll(cloud.sim.now());
  };
  cloud.run(poll(&busy, &first));
  cloud.advance(std::chrono::seconds(60));
  cloud.run(poll(&busy, &second));
  cloud.run(poll(&plain, &backend_only));
  const auto find = [](const std::vector<telemetry::Sample>& samples, const std::string& meter) {
    for (const telemetry::Sample& s : samples)
      if (s.meter == meter) return std::optional<telemetry::Sample>(s);
    return std::optional<telemetry::Sample>();
  };
  CHECK_FALSE(find(first, "cpu_util"));  // a rate needs two readings
  REQUIRE(find(second, "cpu_util"));
  CHECK(find(second, "cpu_util")->volume == Approx(25));  // 0.5 of 2 vCPUs
  CHECK(find(second, "cpu_util")->resource_id == vm.uuid);
  CHECK(find(second, "memory.usage")->volume == 256);
  CHECK(find(second, "network.incoming.bytes")->volume > 0);
  // The test backend reports no CPU time: memory only, and no I/O meters without an activity.
  CHECK(find(backend_only, "memory.usage")->volume == 4096);
  CHECK_FALSE(find(backend_only, "disk.read.bytes"));
}
