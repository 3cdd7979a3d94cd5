#include "scenarios/models/vm_lifecycle_scenario.hpp"

#include <limits>
#include <set>

namespace stacksim::scenarios {

VmLifecycleParams read_vm_lifecycle_scenario(const JsonFields& s) {
  VmLifecycleParams p;
  (void)s.string_or("name", "");
  (void)s.string_or("description", "");
  (void)s.string("model");
  p.seed = static_cast<std::uint64_t>(s.integer_or("seed", 1));

  const JsonFields dc = s.object("datacenter");
  const auto hosts = dc.integer("hosts");
  if (hosts <= 0 || hosts > 10'000'000) dc.fail("hosts", "expected 1 to 10000000 hosts");
  p.hosts = static_cast<int>(hosts);
  const auto vcpus = dc.integer("host_vcpus");
  if (vcpus <= 0 || vcpus > 1'000'000) dc.fail("host_vcpus", "expected a positive vCPU count");
  p.host_vcpus = static_cast<int>(vcpus);
  p.host_memory_mb = dc.integer("host_memory_mb");
  if (p.host_memory_mb <= 0) dc.fail("host_memory_mb", "expected a positive amount of MB");
  dc.reject_unknown_keys();

  if (s.has("flavors")) {
    p.flavors.clear();
    const auto& flavors = s.array("flavors");
    if (flavors.empty()) s.fail("flavors", "expected at least one flavor");
    for (std::size_t i = 0; i < flavors.size(); ++i) {
      const JsonFields f = s.element(flavors, i, "flavors");
      LifecycleFlavor flavor;
      flavor.name = f.string("name");
      const auto fv = f.integer("vcpus");
      if (fv <= 0 || fv > p.host_vcpus) f.fail("vcpus", "expected 1 to the host's vCPUs");
      flavor.vcpus = static_cast<int>(fv);
      flavor.memory_mb = f.integer("memory_mb");
      if (flavor.memory_mb <= 0 || flavor.memory_mb > p.host_memory_mb) {
        f.fail("memory_mb", "expected 1 to the host's memory");
      }
      f.reject_unknown_keys();
      p.flavors.push_back(flavor);
    }
  }

  const JsonFields w = s.object("workload");
  p.arrival_rate_per_s = w.positive("arrival_rate_per_s");
  p.mean_lifetime_s = w.positive("mean_lifetime_s");
  p.arrivals = w.integer("arrivals");
  if (p.arrivals <= 0) w.fail("arrivals", "expected a positive number of arrivals");
  w.reject_unknown_keys();

  p.policy = s.choice("placement", {"best-fit", "first-fit"}, "best-fit") == "first-fit"
                 ? PlacementPolicy::first_fit
                 : PlacementPolicy::best_fit;
  s.reject_unknown_keys();
  return p;
}

}  // namespace stacksim::scenarios
