#include "core/orchestration/autoscaling_experiment.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "core/runtime/sleep.hpp"
#include "core/store/migrations.hpp"
#include "core/store/transaction.hpp"
#include "core/telemetry/instance_pollster.hpp"

namespace stacksim::orchestration {
namespace {

const std::vector<store::Migration> migrations = {
    {1, "autoscaling time series",
     R"sql(
CREATE TABLE autoscaling_samples (
  run TEXT NOT NULL, time_s REAL NOT NULL, group_size INTEGER NOT NULL,
  demand_vcpus REAL NOT NULL, capacity_vcpus REAL NOT NULL, utilisation REAL NOT NULL,
  unserved_vcpus REAL NOT NULL, sla_violation INTEGER NOT NULL, power_watts REAL NOT NULL,
  energy_joules REAL NOT NULL);
)sql"},
    {2, "autoscaling totals per run",
     R"sql(
CREATE TABLE autoscaling_runs (
  run TEXT PRIMARY KEY, stack_id TEXT NOT NULL, samples INTEGER NOT NULL,
  scale_outs INTEGER NOT NULL, scale_ins INTEGER NOT NULL, sla_violations INTEGER NOT NULL,
  mean_group_size REAL NOT NULL, energy_joules REAL NOT NULL);
)sql"},
};

struct RunningMember {
  std::string host;
  std::string uuid;
  int vcpus = 0;
};

/// The group's running members, read from the hypervisors.
runtime::Task<std::vector<RunningMember>> running_members(runtime::Backend* backend,
                                                          std::vector<std::string> members) {
  std::vector<RunningMember> out;
  for (const std::string& host : backend->hosts()) {
    for (const runtime::InstanceInfo& info : co_await backend->hypervisor(host).list_instances()) {
      if (info.power_state == runtime::PowerState::running &&
          std::binary_search(members.begin(), members.end(), info.uuid)) {
        out.push_back({host, info.uuid, info.vcpus});
      }
    }
  }
  co_return out;
}

}  // namespace

runtime::Task<AutoscalingResult> run_autoscaling(identity::RequestContext ctx,
                                                 OrchestrationService* heat,
                                                 telemetry::TelemetryService* telemetry,
                                                 runtime::Backend* backend,
                                                 AutoscalingSettings settings) {
  StackCreate create;
  create.name = settings.stack_name;
  create.template_text = settings.template_text;
  create.template_source = settings.template_source;
  create.parameters = settings.parameters;
  const Stack stack = co_await heat->create_stack(ctx, create);
  if (stack.status != "CREATE_COMPLETE") {
    throw std::runtime_error("autoscaling stack " + stack.name + ": " + stack.status + ": " +
                             stack.status_reason);
  }
  std::string group_id;
  for (const StackResource& r : heat->resources(ctx, stack.id))
    if (r.name == settings.group_resource) group_id = r.data.physical_id;
  if (group_id.empty()) {
    throw std::runtime_error("autoscaling stack has no resource '" + settings.group_resource + "'");
  }
  auto load = std::make_shared<DiurnalLoad>(settings.demand, telemetry->meters(), group_id);
  telemetry->add_pollster(std::make_unique<telemetry::InstancePollster>(*backend, load));
  telemetry->start();

  AutoscalingResult result;
  result.stack_id = stack.id;
  runtime::Executor& clock = backend->executor();
  const runtime::TimePoint start = clock.now();
  double size_sum = 0;
  while (clock.now() - start < settings.duration) {
    co_await runtime::sleep_for(settings.sample_interval);
    const runtime::TimePoint now = clock.now();
    const std::vector<std::string> members = telemetry->meters().group_members(group_id);
    AutoscalingSample s;
    s.time_s = runtime::to_seconds(now - start);
    s.group_size = static_cast<int>(members.size());
    s.demand_vcpus = load->demand().at(now);
    const std::vector<RunningMember> running = co_await running_members(backend, members);
    for (const RunningMember& m : running)
      s.capacity_vcpus += m.vcpus;
    if (settings.guest_load) {
      const double share = load->share(now, members.size());
      for (const RunningMember& m : running)
        settings.guest_load(m.host, m.uuid, std::min(1.0, share / m.vcpus));
    }
    const double served = std::min(s.demand_vcpus, s.capacity_vcpus);
    s.utilisation = s.capacity_vcpus > 0 ? served / s.capacity_vcpus : 0;
    s.unserved_vcpus = s.demand_vcpus - served;
    s.sla_violation = s.unserved_vcpus > 1e-9;
    if (settings.power) {
      for (const std::string& host : backend->hosts())
        s.power_watts += settings.power(host);
    }
    const double previous_energy = result.samples.empty() ? 0 : result.samples.back().energy_joules;
    s.energy_joules =
        previous_energy + s.power_watts * runtime::to_seconds(settings.sample_interval);
    if (!result.samples.empty()) {
      const int before = result.samples.back().group_size;
      if (s.group_size > before) ++result.scale_outs;
      if (s.group_size < before) ++result.scale_ins;
    }
    result.sla_violations += s.sla_violation ? 1 : 0;
    size_sum += s.group_size;
    result.samples.push_back(s);
  }
  telemetry->stop();
  if (!result.samples.empty()) {
    result.mean_group_size = size_sum / static_cast<double>(result.samples.size());
    result.energy_joules = result.samples.back().energy_joules;
  }
  co_return result;
}

void write_autoscaling_results(store::Database& db, const std::string& run,
                               const AutoscalingResult& result) {
  store::migrate(db, "autoscaling", migrations);
  store::Transaction tx(db);
  store::Statement& insert = db.cached(
      "INSERT INTO autoscaling_samples(run, time_s, group_size, demand_vcpus, capacity_vcpus, "
      "utilisation, unserved_vcpus, sla_violation, power_watts, energy_joules) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  for (const AutoscalingSample& s : result.samples) {
    insert.bind_all(run, s.time_s, s.group_size, s.demand_vcpus, s.capacity_vcpus, s.utilisation,
                    s.unserved_vcpus, s.sla_violation, s.power_watts, s.energy_joules);
    insert.execute();
  }
  db.cached(
        "INSERT OR REPLACE INTO autoscaling_runs(run, stack_id, samples, scale_outs, scale_ins, "
        "sla_violations, mean_group_size, energy_joules) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind_all(run, result.stack_id, static_cast<std::int64_t>(result.samples.size()),
                result.scale_outs, result.scale_ins, result.sla_violations, result.mean_group_size,
                result.energy_joules)
      .execute();
  tx.commit();
}

}  // namespace stacksim::orchestration
