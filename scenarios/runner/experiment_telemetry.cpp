// Telemetry in the experiment runner: time-weighted usage integrals (utilisation; the host pool
// integrates each host's usage and energy) and samples every telemetry interval.

#include <algorithm>

#include "scenarios/runner/experiment.hpp"

namespace stacksim::scenarios {

void Experiment::accumulate() {
  const double t = now_s();
  const double dt = t - last_t_;
  vcpu_seconds_ += used_vcpus_ * dt;
  memory_seconds_ += used_memory_mb_ * dt;
  last_t_ = t;
}

void Experiment::mark_half() {
  accumulate();
  half_time_ = now_s();
  vcpu_seconds_half_ = vcpu_seconds_;
  memory_seconds_half_ = memory_seconds_;
  at_half_ = total_;
}

void Experiment::schedule_sample(double at) {
  if (recorder_ == nullptr) return;  // samples only feed the results
  sim_.schedule_at(runtime::at_seconds(at), [this] {
    sample(now_s());
    if (!background_done()) schedule_sample(now_s() + scenario_.telemetry.interval_s);
  });
}

void Experiment::sample(double t) {
  SampleRow row;
  row.time_s = t;
  row.vcpus_used = used_vcpus_;
  row.memory_used_mb = static_cast<std::int64_t>(used_memory_mb_);
  row.disk_used_gb = static_cast<std::int64_t>(used_disk_gb_);
  row.instances = active_;
  row.hosts_up = hosts_up_;
  for (int h = 0; h < hosts_.size(); ++h) {
    const double power = hosts_.power_w(h);
    row.power_w += power;
    if (hosts_.up(h) && hosts_.instances(h) == 0) ++row.hosts_empty;
    if (scenario_.telemetry.host_samples) {
      recorder_->host_sample({t, h, static_cast<double>(hosts_.used(h).vcpu_milli) / 1000.0,
                              hosts_.used(h).memory_mb, hosts_.instances(h), hosts_.up(h), power});
    }
  }
  row.arrivals = total_.arrivals - at_last_sample_.arrivals;
  row.placed = total_.placed - at_last_sample_.placed;
  row.rejected = total_.rejected - at_last_sample_.rejected;
  row.evacuations = total_.evacuations - at_last_sample_.evacuations;
  row.lost = total_.lost - at_last_sample_.lost;
  at_last_sample_ = total_;
  recorder_->sample(row);
}

}  // namespace stacksim::scenarios
