#include "scenarios/models/vm_lifecycle_model.hpp"

#include <stdexcept>

#include "scenarios/runner/experiment.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

Scenario vm_lifecycle_scenario(const VmLifecycleParams& p) {
  if (p.hosts <= 0 || p.host_vcpus <= 0 || p.host_memory_mb <= 0) {
    throw std::invalid_argument("hosts, host vCPUs and host memory must be positive");
  }
  if (p.arrivals <= 0) throw std::invalid_argument("arrivals must be positive");
  if (p.flavors.empty()) throw std::invalid_argument("at least one flavor is required");
  Scenario s;
  s.file = "<vm-lifecycle model>";
  s.name = "vm-lifecycle";
  s.seed = p.seed;
  HostClass hosts;
  hosts.name = "compute";
  hosts.count = p.hosts;
  hosts.vcpus = p.host_vcpus;
  hosts.memory_mb = p.host_memory_mb;
  s.datacenter.host_classes.push_back(hosts);
  ControlPlaneSpec& cp = s.control_plane;
  cp.scheduler.placement_policy = p.policy == LifecyclePolicy::first_fit ? "first-fit" : "best-fit";
  cp.cpu_allocation_ratio = cp.ram_allocation_ratio = 1.0;
  cp.reserved_host_memory_mb = 0;
  GeneratorSpec g;
  g.name = "arrivals";
  g.kind = "poisson";
  g.rate_per_s = p.arrival_rate_per_s;
  g.lifetime.distribution = "exponential";
  g.lifetime.mean_s = p.mean_lifetime_s;
  for (const auto& f : p.flavors) {
    s.flavors.push_back({f.name, f.vcpus, f.memory_mb, 0});
    g.flavor_weights.emplace_back(f.name, 1.0);
  }
  s.workload.generators.push_back(g);
  s.workload.max_arrivals = p.arrivals;
  return s;
}

VmLifecycleResult run_vm_lifecycle_model(const VmLifecycleParams& params) {
  const Scenario scenario = vm_lifecycle_scenario(params);
  Experiment experiment(scenario);
  const RunSummary s = experiment.run();
  VmLifecycleResult r;
  r.placed = s.placed;
  r.rejected = s.rejected;
  r.rejected_per_flavor.assign(params.flavors.size(), 0);
  for (const auto& [name, n] : s.rejected_by_flavor) {
    for (std::size_t f = 0; f < params.flavors.size(); ++f) {
      if (params.flavors[f].name == name) r.rejected_per_flavor[f] = n;
    }
  }
  r.events = s.model_events;
  r.sim_time_s = s.sim_time_s;
  r.util_vcpu = s.util_vcpu;
  r.util_ram = s.util_ram;
  r.util_vcpu_2h = s.util_vcpu_2h.value_or(0);
  r.util_ram_2h = s.util_ram_2h.value_or(0);
  r.reject_frac_2h = s.reject_frac_2h.value_or(0);
  r.active_end = s.active_end;
  r.wall_s = s.wall_s;
  return r;
}

}  // namespace stacksim::scenarios
