#include <cstdio>
#include <memory>
#include <string>

#include "apps/stacksim/commands.hpp"
#include "scenarios/json_fields.hpp"
#include "scenarios/models/vm_lifecycle_scenario.hpp"

namespace stacksim::apps {
namespace {

void print_summary(const std::string& file, const scenarios::VmLifecycleParams& p,
                   const scenarios::VmLifecycleResult& r) {
  std::printf("scenario   %s (vm-lifecycle, seed %llu)\n", file.c_str(),
              static_cast<unsigned long long>(p.seed));
  std::printf("hosts      %d x %d vCPU / %lld MB, %s placement\n", p.hosts, p.host_vcpus,
              static_cast<long long>(p.host_memory_mb),
              p.policy == scenarios::PlacementPolicy::best_fit ? "best-fit" : "first-fit");
  std::printf("simulated  %.1f s (%.2f h), %llu events in %.3f s wall (%.2f M events/s)\n",
              r.sim_time_s, r.sim_time_s / 3600, static_cast<unsigned long long>(r.events),
              r.wall_s, r.wall_s > 0 ? static_cast<double>(r.events) / r.wall_s / 1e6 : 0.0);
  std::printf("arrivals   %lld placed, %lld rejected (%.2f%%; second half %.2f%%)\n",
              static_cast<long long>(r.placed), static_cast<long long>(r.rejected),
              100.0 * static_cast<double>(r.rejected) / static_cast<double>(p.arrivals),
              100.0 * r.reject_frac_2h);
  for (std::size_t f = 0; f < p.flavors.size(); ++f) {
    if (r.rejected_per_flavor[f] > 0) {
      std::printf("           %-10s %lld rejected\n", p.flavors[f].name.c_str(),
                  static_cast<long long>(r.rejected_per_flavor[f]));
    }
  }
  std::printf("utilisation vCPU %.1f%%, RAM %.1f%% (second half: %.1f%%, %.1f%%)\n",
              100 * r.util_vcpu, 100 * r.util_ram, 100 * r.util_vcpu_2h, 100 * r.util_ram_2h);
  std::printf("active     %lld VMs at the end\n", static_cast<long long>(r.active_end));
}

}  // namespace

void register_run(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario file and print a summary");
  cmd->add_option("scenario", *file, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  cmd->callback([file] {
    const nlohmann::json doc = scenarios::JsonFields::parse_file(*file);
    const scenarios::JsonFields fields(doc, *file, "");
    const std::string model = fields.choice("model", {"vm-lifecycle"});
    const scenarios::VmLifecycleParams params = scenarios::read_vm_lifecycle_scenario(fields);
    const scenarios::VmLifecycleResult result = scenarios::run_vm_lifecycle_model(params);
    print_summary(*file, params, result);
  });
}

}  // namespace stacksim::apps
