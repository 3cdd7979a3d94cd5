#include "python/src/column_recorder.hpp"

namespace stacksim::python {

using Cells = std::optional<std::string_view>;

namespace {

Cells text(std::string_view s) {
  return s.empty() ? Cells{} : Cells{s};
}

}  // namespace

std::optional<std::string_view> ColumnRecorder::host_name(int h) const {
  if (h < 0 || static_cast<std::size_t>(h) >= host_names_.size()) return std::nullopt;
  return host_names_[static_cast<std::size_t>(h)];
}

void ColumnRecorder::begin(const scenarios::Scenario& scenario,
                           const std::vector<scenarios::HostRow>& hosts) {
  for (const auto& h : hosts) {
    host_names_.push_back(h.name);
    hosts_.append({Cells{h.name}, text(h.host_class), text(h.availability_zone), text(h.rack),
                   h.vcpus, h.memory_mb,
                   real_or_nan(h.disk_gb ? std::optional<double>(static_cast<double>(*h.disk_gb))
                                         : std::nullopt),
                   h.vcpu_capacity, h.memory_capacity_mb});
  }
  if (also_ != nullptr) also_->begin(scenario, hosts);
}

void ColumnRecorder::instance(const scenarios::InstanceRow& row) {
  instances_.append({row.id, text(row.source), text(row.trace_id), text(row.tenant),
                     text(row.flavor), row.vcpus, row.memory_mb, row.disk_gb, row.requested_s,
                     host_name(row.host), real_or_nan(row.active_s), real_or_nan(row.ended_s),
                     text(row.state), static_cast<std::int64_t>(row.evacuations)});
  if (also_ != nullptr) also_->instance(row);
}

void ColumnRecorder::decision(const scenarios::DecisionRow& row) {
  decisions_.append(
      {row.time_s, row.instance, text(row.kind), host_name(row.host), text(row.reason)});
  if (also_ != nullptr) also_->decision(row);
}

void ColumnRecorder::instance_event(const scenarios::InstanceEventRow& row) {
  instance_events_.append({row.time_s, row.instance, text(row.event), host_name(row.from_host),
                           host_name(row.to_host)});
  if (also_ != nullptr) also_->instance_event(row);
}

void ColumnRecorder::sample(const scenarios::SampleRow& row) {
  samples_.append({row.time_s, row.vcpus_used, row.memory_used_mb, row.disk_used_gb, row.instances,
                   row.hosts_up, row.hosts_empty, row.power_w, row.arrivals, row.placed,
                   row.rejected, row.evacuations, row.lost});
  if (also_ != nullptr) also_->sample(row);
}

void ColumnRecorder::host_sample(const scenarios::HostSampleRow& row) {
  host_samples_.append({row.time_s, host_name(row.host), row.vcpus_used, row.memory_used_mb,
                        row.instances, static_cast<std::int64_t>(row.up ? 1 : 0), row.power_w});
  if (also_ != nullptr) also_->host_sample(row);
}

void ColumnRecorder::fault(const scenarios::FaultRow& row) {
  faults_.append({row.time_s, text(row.kind), host_name(row.host), text(row.cause)});
  if (also_ != nullptr) also_->fault(row);
}

void ColumnRecorder::finish(const scenarios::RunSummary& summary,
                            const std::vector<scenarios::HostSummaryRow>& hosts) {
  for (const auto& h : hosts) {
    host_summary_.append(
        {host_name(h.host), h.util_vcpu, h.util_ram, h.energy_kwh, h.placements, h.failures});
  }
  if (also_ != nullptr) also_->finish(summary, hosts);
}

std::vector<std::pair<std::string, const ColumnTable*>> ColumnRecorder::tables() const {
  return {{"hosts", &hosts_},         {"instances", &instances_},
          {"decisions", &decisions_}, {"instance_events", &instance_events_},
          {"samples", &samples_},     {"host_samples", &host_samples_},
          {"faults", &faults_},       {"host_summary", &host_summary_}};
}

}  // namespace stacksim::python
