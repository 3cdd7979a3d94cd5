#include <catch2/catch.hpp>

#include "core/compute/compute_api.hpp"
#include "core/orchestration/autoscaling_experiment.hpp"
#include "core/orchestration/scaling_adjustment.hpp"
#include "tests/orchestration/heat_cloud.hpp"

using namespace stacksim;

namespace {

std::string example(const std::string& name) {
  return testing::read_text(std::string(STACKSIM_SOURCE_DIR) + "/scenarios/examples/heat/" + name);
}

}  // namespace

TEST_CASE("the two-tier web example builds a network, servers apart, a volume and a floating IP") {
  testing::HeatCloud cloud(3);
  const orchestration::Stack stack =
      cloud.create("shop", example("two-tier-web.yaml"), {{"public_net", "public"}});
  INFO(stack.status_reason);
  REQUIRE(stack.status == "CREATE_COMPLETE");
  auto res = cloud.resources(stack.id);
  const nlohmann::json refs = res["web"].data.attributes["refs"];
  REQUIRE(refs.size() == 2);
  const compute::Instance web0 = cloud.server(refs[0].get<std::string>());
  const compute::Instance web1 = cloud.server(refs[1].get<std::string>());
  CHECK(web0.name == "web-0");
  CHECK(web0.host != web1.host);  // anti-affinity
  CHECK(web0.server_group == res["web_group"].data.physical_id);
  CHECK(web0.key_name == "web-key");
  const nlohmann::json out = cloud.heat.outputs(cloud.alice, stack.id);
  CHECK_THAT(out["db_address"]["value"].get<std::string>(), Catch::StartsWith("192.168.10."));
  CHECK_THAT(out["public_address"]["value"].get<std::string>(), Catch::StartsWith("203.0.113."));
  CHECK(cloud.neutron.instance_ports(web1.uuid).at(0).security_groups ==
        std::vector<std::string>{res["web_sg"].data.physical_id});
  CHECK(cloud.neutron.get_router(res["router"].data.physical_id).external_gateway_info.has_value());
  // The database server's data volume is in use, attached to it.
  const std::string db_volume = out["db_volume"]["value"].get<std::string>();
  const volume::Volume data = cloud.cinder.get_volume(cloud.alice, db_volume);
  CHECK(data.name == "shop-db-data");
  CHECK(data.size == 10);
  CHECK(data.status == volume::VolumeStatus::in_use);
  REQUIRE(data.attachments.size() == 1);
  CHECK(data.attachments[0].server_id == res["db"].data.physical_id);
  CHECK(data.attachments[0].attach_status == volume::AttachStatus::attached);

  cloud.run(cloud.heat.delete_stack(cloud.alice, stack.id));
  CHECK(cloud.live_servers() == 0);
  CHECK(cloud.neutron.list_floating_ips(cloud.project_id).empty());
  CHECK(cloud.nova->list_keypairs(cloud.alice).empty());
  CHECK(cloud.cinder.list_volumes(cloud.alice).empty());
}

TEST_CASE("scaling policies compute new capacities as Heat does") {
  using orchestration::AdjustmentType;
  using orchestration::new_capacity;
  CHECK(new_capacity(AdjustmentType::change_in_capacity, 2, 3, 1, 10) == 5);
  CHECK(new_capacity(AdjustmentType::change_in_capacity, -5, 3, 1, 10) == 1);
  CHECK(new_capacity(AdjustmentType::exact_capacity, 7, 3, 1, 10) == 7);
  CHECK(new_capacity(AdjustmentType::exact_capacity, 70, 3, 1, 10) == 10);
  CHECK(new_capacity(AdjustmentType::percent_change_in_capacity, 50, 4, 1, 10) == 6);
  CHECK(new_capacity(AdjustmentType::percent_change_in_capacity, 10, 4, 1, 10) == 5);  // >= 1
  CHECK(new_capacity(AdjustmentType::percent_change_in_capacity, 10, 4, 1, 10, 2) == 6);
  CHECK(new_capacity(AdjustmentType::percent_change_in_capacity, -25, 8, 1, 10) == 6);
  CHECK(new_capacity(AdjustmentType::percent_change_in_capacity, -33, 10, 1, 10) == 7);
}

TEST_CASE("a scaling policy signal resizes its group, then honours its cooldown") {
  testing::HeatCloud cloud(2);
  const orchestration::Stack stack =
      cloud.create("asg", example("autoscaling.yaml"), {{"min_size", "1"}, {"max_size", "3"}});
  REQUIRE(stack.status == "CREATE_COMPLETE");
  CHECK(cloud.live_servers() == 1);
  cloud.run(cloud.heat.signal(stack.id, "scale_out"));
  CHECK(cloud.live_servers() == 2);
  cloud.run(cloud.heat.signal(stack.id, "scale_out"));  // within the 300 s cooldown
  CHECK(cloud.live_servers() == 2);
  cloud.advance(std::chrono::seconds(301));
  cloud.run(cloud.heat.signal(stack.id, "scale_out"));
  cloud.advance(std::chrono::seconds(301));
  cloud.run(cloud.heat.signal(stack.id, "scale_out"));  // max_size 3
  CHECK(cloud.live_servers() == 3);
  const auto res = cloud.resources(stack.id);
  CHECK(res.at("asg").data.attributes["current_size"] == 3);
  CHECK(cloud.ceilometer.meters().group_members(res.at("asg").data.physical_id).size() == 3);
  cloud.run(cloud.heat.signal(stack.id, "scale_in"));
  CHECK(cloud.live_servers() == 2);
  CHECK(cloud.heat.outputs(cloud.alice, stack.id)["current_size"]["value"] == 2);
}

TEST_CASE("the autoscaling group follows a diurnal load") {
  telemetry::TelemetryConfig minute;  // Ceilometer's and Aodh's 60 s defaults
  testing::HeatCloud cloud(4, minute);
  orchestration::AutoscalingSettings s;
  s.template_text = example("autoscaling.yaml");
  s.parameters = {{"max_size", "10"}};
  s.demand.mean_vcpus = 4;
  s.demand.amplitude = 0.75;  // 1 to 7 vCPUs of work
  s.demand.period = std::chrono::hours(24);
  s.duration = std::chrono::hours(24);
  s.sample_interval = std::chrono::minutes(10);
  s.power = [&cloud](std::string_view host) {
    return 100.0 + 20.0 * static_cast<double>(cloud.hv(std::string(host)).instances.size());
  };
  std::optional<orchestration::AutoscalingResult> result;
  const auto run = [&]() -> runtime::Task<void> {
    result = co_await orchestration::run_autoscaling(cloud.alice, &cloud.heat, &cloud.ceilometer,
                                                     &cloud.backend, s);
  };
  cloud.run(run());
  REQUIRE(result);
  const auto& samples = result->samples;
  REQUIRE(samples.size() == 144);
  // Small at night (the trough at t=0 and t=24 h), large at noon.
  const auto size_at = [&](double hours) {
    return samples.at(static_cast<std::size_t>(hours * 6) - 1).group_size;
  };
  CHECK(size_at(1) <= 2);
  CHECK(size_at(13) >= 6);
  CHECK(size_at(24) <= 3);
  CHECK(result->scale_outs >= 5);
  CHECK(result->scale_ins >= 4);
  // With 70 % / 30 % thresholds the group scales out before it is full: few SLA violations.
  int unserved = 0;
  double utilisation = 0;
  for (const auto& sample : samples) {
    unserved += sample.unserved_vcpus > 1e-9 ? 1 : 0;
    utilisation += sample.utilisation / static_cast<double>(samples.size());
  }
  CHECK(result->sla_violations == unserved);
  CHECK(result->sla_violations < 14);
  CHECK(utilisation > 0.3);
  CHECK(utilisation < 0.9);
  CHECK(result->energy_joules > 400 * 86400.0);
  for (const auto& sample : samples) {
    CHECK(sample.utilisation <= 1.0);
    CHECK(sample.demand_vcpus >= 0.99);
  }
  store::Database results = store::Database::open_in_memory();
  orchestration::write_autoscaling_results(results, "diurnal", *result);
  store::Statement count =
      results.prepare("SELECT count(*), max(group_size) FROM autoscaling_samples");
  REQUIRE(count.step());
  CHECK(count.column_int(0) == 144);
  CHECK(count.column_int(1) >= 6);
  store::Statement totals = results.prepare(
      "SELECT scale_outs, scale_ins, sla_violations, samples FROM autoscaling_runs");
  REQUIRE(totals.step());
  CHECK(totals.column_int(0) == result->scale_outs);
  CHECK(totals.column_int(1) == result->scale_ins);
  CHECK(totals.column_int(2) == result->sla_violations);
  CHECK(totals.column_int(3) == 144);
}
