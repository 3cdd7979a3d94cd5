#pragma once
// The autoscaling experiment: a stack with an AutoScalingGroup, scaling policies and cpu_util
// alarms (e.g. scenarios/examples/heat/autoscaling.yaml) under a diurnal load. Telemetry polls the
// members (their CPU time follows the load's share), alarms signal the policies, the group grows
// and shrinks; every sample interval the experiment records the group size, utilisation, the
// demand the group could not serve (an SLA violation) and the hosts' power and energy.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/orchestration/diurnal_load.hpp"
#include "core/orchestration/orchestration_service.hpp"
#include "core/runtime/backend.hpp"
#include "core/telemetry/host_power_pollster.hpp"
#include "core/telemetry/telemetry_service.hpp"

namespace stacksim::orchestration {

/// How busy a running member's vCPUs are (0..1), told to the backend each sample interval (the
/// simulated hosts' power draw follows their busy cores).
using GuestLoad =
    std::function<void(std::string_view host, const std::string& uuid, double utilisation)>;

struct AutoscalingSettings {
  std::string stack_name = "autoscaling";
  std::string template_text;
  std::string template_source;
  std::map<std::string, std::string> parameters;
  std::string group_resource = "asg";  // the AutoScalingGroup's name in the template
  DiurnalDemand demand;
  runtime::Duration duration = std::chrono::hours(48);
  runtime::Duration sample_interval = std::chrono::minutes(5);
  telemetry::PowerReadout power;  // host power draw (W); unset: energy is not measured
  GuestLoad guest_load;           // unset: the backend is not told
};

struct AutoscalingSample {
  double time_s = 0;
  int group_size = 0;
  double demand_vcpus = 0;
  double capacity_vcpus = 0;
  double utilisation = 0;  // served / capacity
  double unserved_vcpus = 0;
  bool sla_violation = false;  // some demand was not served
  double power_watts = 0;
  double energy_joules = 0;  // cumulative
};

struct AutoscalingResult {
  std::string stack_id;
  std::vector<AutoscalingSample> samples;
  int sla_violations = 0;  // samples with unserved demand
  int scale_outs = 0;
  int scale_ins = 0;
  double mean_group_size = 0;
  double energy_joules = 0;
};

/// Creates the stack (the telemetry service must be the orchestration service's), runs the load
/// for `duration` on the executor and returns the time series. Throws std::runtime_error with the
/// stack's reason when the stack cannot be created.
runtime::Task<AutoscalingResult> run_autoscaling(identity::RequestContext ctx,
                                                 OrchestrationService* heat,
                                                 telemetry::TelemetryService* telemetry,
                                                 runtime::Backend* backend,
                                                 AutoscalingSettings settings);

/// Appends the series to table autoscaling_samples and the totals to autoscaling_runs of a
/// results database (migration component "autoscaling"), labelled `run`.
void write_autoscaling_results(store::Database& db, const std::string& run,
                               const AutoscalingResult& result);

}  // namespace stacksim::orchestration
