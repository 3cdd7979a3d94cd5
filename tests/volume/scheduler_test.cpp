// The volume scheduler's filters and weighers against hand-computed expectations from Cinder's
// formulas (cinder/utils.py calculate_capacity_factors, cinder/scheduler/filters/*.py,
// cinder/scheduler/weights/capacity.py, cinder/scheduler/base_weight.py normalize).

#include <catch2/catch.hpp>

#include "core/volume/capability_match.hpp"
#include "core/volume/capacity_factors.hpp"
#include "core/volume/filters/availability_zone_filter.hpp"
#include "core/volume/filters/capabilities_filter.hpp"
#include "core/volume/filters/capacity_filter.hpp"
#include "core/volume/volume_scheduler.hpp"

using namespace stacksim::volume;

namespace {

PoolState pool(std::string name, double total, double provisioned, bool thin = false,
               double ratio = 20.0, int reserved = 0) {
  PoolState p;
  p.name = std::move(name);
  p.volume_backend_name = "lvm";
  p.storage_endpoint = "storage";
  p.total_capacity_gb = total;
  p.allocated_capacity_gb = provisioned;
  p.provisioned_capacity_gb = provisioned;
  p.free_capacity_gb = total - provisioned;
  p.thin_provisioning_support = thin;
  p.max_over_subscription_ratio = ratio;
  p.reserved_percentage = reserved;
  return p;
}

RequestSpec request(std::int64_t size, std::map<std::string, std::string> specs = {}) {
  RequestSpec r;
  r.size = size;
  r.extra_specs = std::move(specs);
  return r;
}

}  // namespace

TEST_CASE("capacity factors: thick takes the smaller of reported and calculated free") {
  // total 100, reserved 10% -> floor(10) = 10 reserved, 90 available; 40 provisioned -> 50; the
  // driver reports 45 free -> 45.
  const CapacityFactors f = calculate_capacity_factors(100, 45, 40, false, 20, 10, true);
  CHECK(f.reserved_capacity == 10);
  CHECK(f.total_available_capacity == 90);
  CHECK(f.calculated_free_capacity == 50);
  CHECK(f.virtual_free_capacity == 45);
  CHECK(f.provisioned_ratio == 0.44);  // 40 / 90, rounded to two decimals as Cinder does
  CHECK_FALSE(f.thin);
  // Reserved space is floored: 7% of 55 = 3.85 -> 3.
  CHECK(calculate_capacity_factors(55, 55, 0, false, 1, 7, true).reserved_capacity == 3);
  // Virtual free capacity is rounded: 100 - 33.333... = 66.67.
  CHECK(calculate_capacity_factors(100, 100, 100.0 / 3, false, 1, 0, true).virtual_free_capacity ==
        66.67);
}

TEST_CASE("capacity factors: thin multiplies the reserved-free total by the ratio") {
  // (100 - 0) * 2.0 = 200 available, 150 provisioned -> 50 virtually free (reported free unused).
  const CapacityFactors f = calculate_capacity_factors(100, 1, 150, true, 2.0, 0, true);
  CHECK(f.total_available_capacity == 200);
  CHECK(f.virtual_free_capacity == 50);
  CHECK(f.free_percent == 25);
  CHECK(f.thin);
  // A thick volume on the same pool: 100 - 150 = -50, min with the reported 1 -> -50.
  CHECK(calculate_capacity_factors(100, 1, 150, true, 2.0, 0, false).virtual_free_capacity == -50);
}

TEST_CASE("CapacityFilter: thick pools") {
  const CapacityFilter filter;
  const PoolState p = pool("thick", 100, 40, false, 20, 10);  // 50 virtually free
  CHECK(filter.backend_passes(p, request(50)));
  CHECK_FALSE(filter.backend_passes(p, request(51)));
  CHECK(filter.backend_passes(p, request(0)));  // a manage request
  CHECK_FALSE(filter.backend_passes(pool("empty", 0, 0), request(1)));
  // Extend from 30 to 81 asks for 51 more.
  RequestSpec extend = request(30);
  extend.new_size = 81;
  CHECK_FALSE(filter.backend_passes(p, extend));
  extend.new_size = 80;
  CHECK(filter.backend_passes(p, extend));
}

TEST_CASE("CapacityFilter: thin pools, thick types and the over-subscription ratio") {
  const CapacityFilter filter;
  const PoolState p = pool("thin", 100, 150, true, 2.0);  // 200 available, 50 virtually free
  CHECK(filter.backend_passes(p, request(50)));
  CHECK_FALSE(filter.backend_passes(p, request(51)));
  // provisioning:type=thick ignores the ratio: 100 - 150 < 0 free.
  CHECK_FALSE(filter.backend_passes(p, request(1, {{"provisioning:type", "thick"}})));
  // A ratio below 1 filters the thin pool out.
  CHECK_FALSE(filter.backend_passes(pool("bad", 100, 0, true, 0.5), request(1)));
  // Without thin support the ratio is ignored: 100 - 150 < 0.
  CHECK_FALSE(filter.backend_passes(pool("thick", 100, 150, false, 2.0), request(1)));
}

TEST_CASE("AvailabilityZoneFilter") {
  const AvailabilityZoneFilter filter;
  PoolState p = pool("p", 10, 0);
  p.availability_zone = "az1";
  RequestSpec r = request(1);
  CHECK(filter.backend_passes(p, r));
  r.availability_zone = "az1";
  CHECK(filter.backend_passes(p, r));
  r.availability_zone = "az2";
  CHECK_FALSE(filter.backend_passes(p, r));
}

TEST_CASE("capability operators see the capability's type") {
  CHECK(capability_matches(true, "<is> True"));
  CHECK(capability_matches(std::string("yes"), "<is> true"));
  CHECK_FALSE(capability_matches(false, "<is> True"));
  CHECK_FALSE(capability_matches(true, "True"));  // a bare spec equals strings only
  CHECK(capability_matches(std::string("True"), "True"));
  CHECK(capability_matches(true, "== 1"));  // float(True) == 1.0
  CHECK(capability_matches(std::int64_t{5000}, ">= 5000"));
  CHECK(capability_matches(std::int64_t{5000}, "= 4000"));  // "=" means at least
  CHECK_FALSE(capability_matches(std::int64_t{3000}, ">= 5000"));
  CHECK(capability_matches(2.5, "<= 2.5"));
  CHECK(capability_matches(std::int64_t{1}, "s!= 1"));  // int != str
  CHECK_FALSE(capability_matches(std::int64_t{1}, "s== 1"));
  CHECK_FALSE(capability_matches(std::int64_t{1}, "<in> 1"));  // Python raises: the pool fails
  CHECK(capability_matches(std::string("iSCSI"), "<in> SCSI"));
  CHECK(capability_matches(std::string("gold"), "<or> silver <or> gold"));
  CHECK_FALSE(capability_matches(std::string("a b"), "<all-in> a b"));  // Nova's only
  CHECK(capability_matches(std::string("<all-in> a"), "<all-in> a"));
  CHECK(capability_matches(std::vector<std::string>{"ssd", "nvme"}, "nvme"));
  CHECK(bool_from_string(std::int64_t{1}));
  CHECK_FALSE(bool_from_string(1.0));  // str(1.0) is "1.0"
}

TEST_CASE("CapabilitiesFilter: scopes, missing capabilities, stats") {
  const CapabilitiesFilter filter;
  PoolState p = pool("p", 100, 0, true);
  p.multiattach = true;
  p.total_iops = 20000;
  p.capabilities["storage_protocol"] = std::string("iSCSI");
  CHECK(filter.backend_passes(p, request(1)));
  CHECK(filter.backend_passes(p, request(1, {{"volume_backend_name", "lvm"}})));
  CHECK_FALSE(filter.backend_passes(p, request(1, {{"volume_backend_name", "ceph"}})));
  CHECK(filter.backend_passes(p, request(1, {{"multiattach", "<is> True"}})));
  CHECK(filter.backend_passes(p, request(1, {{"capabilities:storage_protocol", "iSCSI"}})));
  CHECK(filter.backend_passes(p, request(1, {{"thin_provisioning_support", "<is> True"}})));
  CHECK(filter.backend_passes(p, request(1, {{"total_iops", ">= 10000"}})));
  CHECK_FALSE(filter.backend_passes(p, request(1, {{"total_iops", ">= 30000"}})));
  // Other scopes are the drivers' business; provisioning:type is read by CapacityFilter.
  CHECK(
      filter.backend_passes(p, request(1, {{"vendor:tier", "x"}, {"provisioning:type", "thin"}})));
  CHECK_FALSE(filter.backend_passes(p, request(1, {{"replication_enabled", "<is> True"}})));
}

TEST_CASE("weighers: normalised between min and max, multiplied, stable order on ties") {
  const std::vector<PoolState> pools = {pool("a", 100, 50), pool("b", 200, 100),
                                        pool("c", 150, 75)};
  // Virtual free: a 50, b 100, c 75 -> normalised 0, 1, 0.5.
  VolumeSchedulerConfig config;
  VolumeScheduler spread(config);
  std::vector<WeighedPool> w = spread.weigh(spread.filter(pools, request(1)), request(1));
  REQUIRE(w.size() == 3);
  CHECK(w[0].pool->name == "b");
  CHECK(w[0].weight == 1.0);
  CHECK(w[1].pool->name == "c");
  CHECK(w[1].weight == 0.5);
  CHECK(w[2].weight == 0.0);

  // Stacking: multiplier -1 picks the fullest.
  config.capacity_weight_multiplier = -1;
  CHECK(VolumeScheduler(config).select(pools, request(1))->pool->name == "a");

  // AllocatedCapacityWeigher (-1.0): allocated 50, 100, 75 -> least allocated wins.
  config.default_weighers = {"AllocatedCapacityWeigher"};
  CHECK(VolumeScheduler(config).select(pools, request(1))->pool->name == "a");

  // Both, default multipliers: a = 0 + -1*0 = 0, b = 1 + -1*1 = 0, c = 0.5 - 0.5 = 0: a tie kept
  // in the given order.
  config.default_weighers = {"CapacityWeigher", "AllocatedCapacityWeigher"};
  config.capacity_weight_multiplier = 1;
  w = VolumeScheduler(config).weigh(VolumeScheduler(config).filter(pools, request(1)), request(1));
  CHECK(w[0].pool->name == "a");
  CHECK(w[1].pool->name == "b");
  CHECK(w[2].pool->name == "c");

  // All equal weights normalise to 0.
  const std::vector<PoolState> same = {pool("x", 10, 0), pool("y", 10, 0)};
  CHECK(
      VolumeScheduler(VolumeSchedulerConfig{}).weigh({&same[0], &same[1]}, request(1))[0].weight ==
      0);
}

TEST_CASE("scheduler: filters in order, no valid backend, unknown names") {
  VolumeScheduler scheduler{VolumeSchedulerConfig{}};
  const std::vector<PoolState> pools = {pool("small", 10, 5), pool("big", 100, 0)};
  CHECK(scheduler.select(pools, request(20))->pool->name == "big");
  CHECK_FALSE(scheduler.select(pools, request(200)).has_value());
  VolumeSchedulerConfig bad;
  bad.default_filters = {"RetryFilter"};
  CHECK_THROWS_WITH(VolumeScheduler(bad),
                    "scheduler_default_filters: unknown filter 'RetryFilter'");
  bad = {};
  bad.default_weighers = {"GoodnessWeigher"};
  CHECK_THROWS_AS(VolumeScheduler(bad), std::invalid_argument);
}
