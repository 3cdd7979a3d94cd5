// Faults in the experiment runner: scripted host and rack failures, and random failures from a
// time-between-failures distribution; instances on a failed host are evacuated (rebuilt elsewhere
// through the placement policy, as `nova evacuate` does) or lost.

#include <cmath>

#include "scenarios/runner/experiment.hpp"

namespace stacksim::scenarios {

void Experiment::schedule_faults() {
  for (std::size_t i = 0; i < scenario_.faults.size(); ++i) {
    const FaultSpec& f = scenario_.faults[i];
    if (f.kind == "host-mtbf") {
      for (const int h : fault_hosts_[i])
        schedule_mtbf_failure(i, h);
      continue;
    }
    sim_.schedule_at(runtime::at_seconds(f.at_s), [this, i] {
      const FaultSpec& fault = scenario_.faults[i];
      for (const int h : fault_hosts_[i]) {
        fail_host(h, fault.evacuate, fault.repair_after_s, fault.kind, kNoFault);
      }
    });
  }
}

void Experiment::schedule_mtbf_failure(std::size_t fault, int h) {
  const FaultSpec& f = scenario_.faults[fault];
  runtime::Random& rng = streams_.stream("faults." + std::to_string(fault));
  // Weibull with the given mean: scale = mean / Gamma(1 + 1/k).
  const double ttf = f.distribution == "weibull"
                         ? rng.weibull(f.shape, f.mtbf_s / std::tgamma(1.0 + 1.0 / f.shape))
                         : rng.exponential(f.mtbf_s);
  sim_.schedule_after(runtime::from_seconds(ttf), [this, fault, h] {
    if (background_done()) return;
    const FaultSpec& spec = scenario_.faults[fault];
    const double ttr = streams_.stream("faults." + std::to_string(fault)).exponential(spec.mttr_s);
    fail_host(h, spec.evacuate, ttr, spec.kind, fault);
  });
}

void Experiment::fail_host(int h, bool evacuate, std::optional<double> repair_after,
                           std::string_view cause, std::size_t mtbf_fault) {
  if (!hosts_.up(h)) return;
  ++host_failures_;
  accumulate();
  hosts_.set_up(h, false, last_t_);
  --hosts_up_;
  policy_->host_changed(h);
  if (recorder_ != nullptr) recorder_->fault({now_s(), "host-down", h, cause});
  // Take every instance off the host first, then rebuild them one by one.
  std::vector<int> victims;
  for (int slot = host_head_[static_cast<std::size_t>(h)]; slot >= 0;
       slot = instances_[static_cast<std::size_t>(slot)].next) {
    victims.push_back(slot);
  }
  for (const int slot : victims)
    detach(slot);
  for (const int slot : victims) {
    Instance& inst = instances_[static_cast<std::size_t>(slot)];
    InstanceDetails& details = details_[static_cast<std::size_t>(slot)];
    const int target = evacuate ? choose_host(slot) : -1;
    if (evacuate && recorder_ != nullptr && scenario_.outputs.record_decisions) {
      recorder_->decision({now_s(), details.id, "evacuate", target,
                           target >= 0 ? "" : "NoValidHost: no host to evacuate to"});
    }
    if (target >= 0) {
      attach(slot, target);
      ++details.evacuations;
      ++total_.evacuations;
      if (recorder_ != nullptr) {
        recorder_->instance_event({now_s(), details.id, "evacuated", h, target});
      }
      continue;
    }
    ++total_.lost;
    if (recorder_ != nullptr) recorder_->instance_event({now_s(), details.id, "lost", h, -1});
    inst.host = h;  // the row names the host it was lost on
    if (inst.active_s >= 0) --active_;
    record_instance(slot, "error", now_s());
    inst.host = -1;
    free_instance(slot);
  }
  if (repair_after) {
    sim_.schedule_after(runtime::from_seconds(*repair_after),
                        [this, h, mtbf_fault] { repair_host(h, mtbf_fault); });
  }
}

void Experiment::repair_host(int h, std::size_t mtbf_fault) {
  if (hosts_.up(h)) return;
  accumulate();
  hosts_.set_up(h, true, last_t_);
  ++hosts_up_;
  policy_->host_changed(h);
  if (recorder_ != nullptr) {
    recorder_->fault({now_s(), "host-up", h,
                      mtbf_fault == kNoFault ? "repair" : scenario_.faults[mtbf_fault].kind});
  }
  // A host with random failures fails again after a fresh time to failure.
  if (mtbf_fault != kNoFault && !background_done()) schedule_mtbf_failure(mtbf_fault, h);
}

}  // namespace stacksim::scenarios
