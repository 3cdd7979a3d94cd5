#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/scheduler.hpp"

using namespace stacksim::scheduler;

namespace {

HostInfo host(const std::string& name, std::int64_t memory_used_mb, std::int64_t vcpus_used = 0) {
  HostInfo h;
  h.name = name;
  h.vcpus = 8;
  h.memory_mb = 16384;
  h.disk_gb = 100;
  h.memory_mb_used = memory_used_mb;
  h.vcpus_used = vcpus_used;
  return h;
}

RequestSpec request(const std::string& id, int instances, std::int64_t memory_mb = 2048) {
  RequestSpec r;
  r.flavor = Flavor{"f", 1, memory_mb, 10, 0, 0, {}};
  for (int k = 0; k < instances; ++k)
    r.instance_uuids.push_back(id + "-" + std::to_string(k));
  return r;
}

SchedulerConfig config() {
  SchedulerConfig c;
  c.reserved_host_memory_mb = 0;
  c.max_placement_results.reset();
  return c;
}

}  // namespace

TEST_CASE("weights are Nova's normalised sums and ties keep host input order") {
  SchedulerConfig c = config();
  c.weight_classes = {"RAMWeigher", "CPUWeigher"};
  Scheduler s(c);
  s.add_host(host("a", 8192));   // free 8192 MB
  s.add_host(host("b", 0));      // free 16384 MB
  s.add_host(host("c", 12288));  // free 4096 MB
  const Decision d = s.select_destinations(request("r", 1), {});
  REQUIRE(d.ok());
  const auto& top = d.instances[0].top;
  REQUIRE(top.size() == 3);
  // RAM: w / max(w); CPU: all equal and positive, so each gets 1.0 (not min-max).
  CHECK(s.hosts().name[top[0].host] == "b");
  CHECK(top[0].weight == 2.0);
  CHECK(s.hosts().name[top[1].host] == "a");
  CHECK(top[1].weight == 1.5);
  CHECK(top[2].weight == 1.25);

  Scheduler tie(c);
  tie.add_host(host("x", 0));
  tie.add_host(host("y", 0));
  CHECK(tie.hosts().name[tie.select_destinations(request("r", 1), {}).selections[0].host] == "x");
}

TEST_CASE("a failed multi-create undoes every claim and consumption") {
  Scheduler s(config());
  s.add_host(host("a", 0));
  s.add_host(host("b", 0));
  s.create_server_group("g", GroupPolicy::anti_affinity);
  RequestSpec r = request("r", 3);
  r.group = "g";
  const auto free_before = s.hosts().free_ram_mb;
  const Decision d = s.select_destinations(r, {});
  CHECK_FALSE(d.ok());
  CHECK(d.failure->message() == "No valid host was found. There are not enough hosts available.");
  CHECK(d.instances.size() == 3);  // the third instance found no host
  CHECK(s.hosts().free_ram_mb == free_before);
  CHECK(s.placement().used(0, ResourceClass::memory_mb) == 0);
  CHECK(s.server_group("g")->members.empty());
  CHECK(s.hosts().num_io_ops[0] == 0);

  r = request("ok", 2);
  r.group = "g";
  const Decision ok = s.select_destinations(r, {});
  REQUIRE(ok.ok());
  CHECK(ok.selections[0].host != ok.selections[1].host);
  CHECK(s.server_group("g")->members.size() == 2);
}

TEST_CASE("later instances walk past hosts whose Placement claim no longer fits") {
  SchedulerConfig c = config();
  c.ram_allocation_ratio = 1.0;
  c.weight_classes = {};  // every host weighs 0: the list keeps its order
  Scheduler s(c);
  s.add_host(host("big", 8192));     // 8 GB free: fits one 6 GB instance
  s.add_host(host("small", 10240));  // 6 GB free
  const Decision d = s.select_destinations(request("r", 2, 6144), {});
  REQUIRE(d.ok());
  CHECK(s.hosts().name[d.selections[0].host] == "big");
  // No resource filter runs for k > 0: "big" still leads the list, its claim fails.
  CHECK(s.hosts().name[d.selections[1].host] == "small");
  CHECK(d.instances[1].claims_tried == 2);
}

TEST_CASE("no allocation candidates is NoValidHost with an empty reason") {
  SchedulerConfig c = config();
  c.ram_allocation_ratio = 1.0;
  Scheduler s(c);
  s.add_host(host("a", 16000));
  const Decision d = s.select_destinations(request("r", 1, 4096), {});
  REQUIRE_FALSE(d.ok());
  CHECK(d.failure->message() == "No valid host was found. ");
  CHECK(d.instances.empty());
}

TEST_CASE("release, claim_on and alternates support the conductor") {
  SchedulerConfig c = config();
  c.max_attempts = 3;
  Scheduler s(c);
  for (const char* name : {"a", "b", "c", "d"})
    s.add_host(host(name, 0));
  const Decision d = s.select_destinations(request("r", 1), {});
  REQUIRE(d.ok());
  const HostId chosen = d.selections[0].host;
  CHECK(d.selections[0].alternates.size() == 2);
  CHECK(s.host_of("r-0") == chosen);
  CHECK(s.placement().used(chosen, ResourceClass::memory_mb) == 2048);
  CHECK(s.hosts().free_ram_mb[chosen] == 16384 - 2048);

  // The build failed: retry on the first alternate.
  const HostId alternate = d.selections[0].alternates[0];
  CHECK(s.claim_on(request("r", 1), "r-0", alternate));
  CHECK(s.host_of("r-0") == alternate);
  CHECK(s.placement().used(chosen, ResourceClass::memory_mb) == 0);
  CHECK(s.hosts().free_ram_mb[chosen] == 16384);

  CHECK(s.release("r-0"));
  CHECK_FALSE(s.release("r-0"));
  CHECK(s.placement().used(alternate, ResourceClass::memory_mb) == 0);
  CHECK(s.hosts().num_instances[alternate] == 0);
}

TEST_CASE("disabled, down and forced-down hosts are not chosen") {
  Scheduler s(config());
  const HostId a = s.add_host(host("a", 0));
  const HostId b = s.add_host(host("b", 1000));
  const HostId c = s.add_host(host("c", 2000));
  s.add_host(host("d", 3000));
  s.set_service_enabled(a, false);
  s.set_forced_down(b, true);
  s.heartbeat(c, stacksim::runtime::at_seconds(-120));  // older than service_down_time
  const Decision d = s.select_destinations(request("r", 1), {});
  REQUIRE(d.ok());
  CHECK(s.hosts().name[d.selections[0].host] == "d");
}

TEST_CASE("aggregate metadata overrides multipliers with the minimum of parsable values") {
  SchedulerConfig c = config();
  c.weight_classes = {"RAMWeigher"};
  Scheduler s(c);
  const HostId a = s.add_host(host("a", 0));
  const HostId b = s.add_host(host("b", 8192));
  s.set_aggregate_metadata("pack", {{"ram_weight_multiplier", "-1.0"}});
  s.set_aggregate_metadata("other", {{"ram_weight_multiplier", "-3"}});
  s.add_host_to_aggregate("pack", a);
  s.add_host_to_aggregate("other", a);
  const Decision d = s.select_destinations(request("r", 1), {});
  REQUIRE(d.ok());
  CHECK(d.selections[0].host == b);
  CHECK(d.instances[0].top[1].weight == -3.0);

  s.set_aggregate_metadata("other", {{"ram_weight_multiplier", "lots"}});  // unparsable
  const Decision again = s.select_destinations(request("s", 1), {});
  CHECK(again.instances[0].top[0].host == a);  // falls back to the configured 1.0
}

TEST_CASE("user plugins join the pipeline by name") {
  class OddHostsOnly final : public HostFilter {
   public:
    [[nodiscard]] std::string_view name() const override { return "OddHostsOnly"; }

   protected:
    bool host_passes(const RequestContext& /*ctx*/, HostId host) override { return host % 2 == 1; }
  };
  class PreferLastHost final : public Weigher {
   public:
    [[nodiscard]] std::string_view name() const override { return "PreferLastHost"; }
    bool weigh(const RequestContext& /*ctx*/, std::span<const HostId> hosts,
               std::span<double> raw) override {
      for (std::size_t i = 0; i < hosts.size(); ++i)
        raw[i] = hosts[i];
      return true;
    }
  };
  PluginRegistry registry = PluginRegistry::with_builtins();
  registry.add_filter("OddHostsOnly", [] { return std::make_unique<OddHostsOnly>(); });
  registry.add_weigher("PreferLastHost", [] { return std::make_unique<PreferLastHost>(); });
  SchedulerConfig c = config();
  c.enabled_filters = {"ComputeFilter", "OddHostsOnly"};
  c.weight_classes = {"PreferLastHost"};
  Scheduler s(c, registry);
  for (int i = 0; i < 6; ++i)
    s.add_host(host("h" + std::to_string(i), 0));
  SelectOptions explained;
  explained.explain = true;
  explained.alternates = false;
  const Decision d = s.select_destinations(request("r", 1), {}, explained);
  REQUIRE(d.ok());
  CHECK(d.selections[0].host == 5);
  CHECK(d.instances[0].filters.size() == 2);
  CHECK(d.instances[0].filters[1].hosts_out == 3);

  c.enabled_filters = {"NoSuchFilter"};
  CHECK_THROWS_AS(Scheduler(c, registry), SchedulerConfigError);
}

TEST_CASE("packing policies order hosts by Placement usage") {
  SchedulerConfig c = config();
  c.ram_allocation_ratio = 1.0;
  c.placement_policy = "best-fit";
  Scheduler best(c);
  best.add_host(host("empty", 0));
  best.add_host(host("full", 12288));
  CHECK(best.hosts().name[best.select_destinations(request("r", 1), {}).selections[0].host] ==
        "full");
  c.placement_policy = "worst-fit";
  Scheduler worst(c);
  worst.add_host(host("empty", 0));
  worst.add_host(host("full", 12288));
  CHECK(worst.hosts().name[worst.select_destinations(request("r", 1), {}).selections[0].host] ==
        "empty");
  c.placement_policy = "no-such-policy";
  CHECK_THROWS_AS(Scheduler(c), SchedulerConfigError);
}

TEST_CASE("requests the compute API would reject raise InvalidRequest") {
  Scheduler s(config());
  s.add_host(host("a", 0));
  RequestSpec r = request("r", 1);
  r.group = "missing";
  CHECK_THROWS_AS(s.select_destinations(r, {}), InvalidRequest);
  r = request("r", 1);
  r.image_properties["hw_architecture"] = "z80";
  CHECK_THROWS_WITH(s.select_destinations(r, {}), "Architecture name 'z80' is not recognised");
  CHECK_THROWS_AS(s.select_destinations(RequestSpec{}, {}), InvalidRequest);
}
