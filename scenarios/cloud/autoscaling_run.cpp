#include "scenarios/cloud/autoscaling_run.hpp"

#include <stdexcept>

#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

orchestration::AutoscalingSettings settings_of(Cloud& cloud, const AutoscalingSpec& spec) {
  orchestration::AutoscalingSettings s;
  s.stack_name = spec.stack_name;
  s.template_text = spec.template_text;
  s.template_source = spec.template_file;
  s.parameters = spec.parameters;
  s.group_resource = spec.group_resource;
  s.demand.mean_vcpus = spec.mean_vcpus;
  s.demand.amplitude = spec.amplitude;
  s.demand.period = runtime::from_seconds(spec.period_s);
  s.demand.bytes_per_vcpu_second = spec.bytes_per_vcpu_second;
  s.duration = runtime::from_seconds(spec.duration_s);
  s.sample_interval = runtime::from_seconds(spec.sample_interval_s);
  // The demand's phase counts from the start of the experiment, not from the clock's epoch.
  s.demand.trough_at =
      cloud.executor().now().time_since_epoch() + runtime::from_seconds(spec.trough_s);
  if (cloud.simulated()) {
    sim::SimulatedBackend& backend = cloud.simulated_backend();
    s.power = [&backend](std::string_view host) {
      return backend.simulated_host(host).power().watts();
    };
    s.guest_load = [&backend](std::string_view host, const std::string& uuid, double utilisation) {
      backend.simulated_host(host).set_cpu_demand(uuid, utilisation);
    };
  }
  return s;
}

runtime::Task<void> run_into(Cloud* cloud, orchestration::AutoscalingSettings settings,
                             std::optional<orchestration::AutoscalingResult>* out) {
  out->emplace(co_await orchestration::run_autoscaling(cloud->admin(), &cloud->orchestration(),
                                                       &cloud->telemetry(), &cloud->backend(),
                                                       std::move(settings)));
}

}  // namespace

orchestration::AutoscalingResult run_autoscaling_on_cloud(Cloud& cloud, const Scenario& scenario) {
  if (!scenario.autoscaling) throw std::logic_error("the scenario has no autoscaling section");
  std::optional<orchestration::AutoscalingResult> result;
  try {
    cloud.run(run_into(&cloud, settings_of(cloud, *scenario.autoscaling), &result));
  } catch (const std::runtime_error& e) {
    throw ScenarioError(scenario.file, "/autoscaling", e.what());
  }
  return std::move(*result);
}

}  // namespace stacksim::scenarios
