#include "core/scheduler/host_states.hpp"

#include <algorithm>

namespace stacksim::scheduler {

std::optional<HostId> HostStates::find(std::string_view host_name) const {
  if (auto it = by_name_.find(std::string(host_name)); it != by_name_.end()) return it->second;
  return std::nullopt;
}

HvSpecListId HostStates::intern_hv_specs(const std::vector<HvSpec>& specs) {
  for (std::size_t i = 0; i < hv_spec_lists.size(); ++i) {
    if (hv_spec_lists[i] == specs) return static_cast<HvSpecListId>(i);
  }
  hv_spec_lists.push_back(specs);
  return static_cast<HvSpecListId>(hv_spec_lists.size() - 1);
}

HostId HostStates::add(const HostInfo& info, double cpu_ratio, double ram_ratio, double disk_ratio,
                       std::int64_t cpus_reserved, std::int64_t memory_reserved_mb,
                       std::int64_t disk_reserved_mb) {
  const auto id = static_cast<HostId>(name.size());
  name.push_back(info.name);
  by_name_.emplace(info.name, id);

  vcpus_total.push_back(info.vcpus);
  total_usable_ram_mb.push_back(info.memory_mb);
  total_usable_disk_gb.push_back(info.disk_gb);
  reserved_cpus.push_back(cpus_reserved);
  reserved_memory_mb.push_back(memory_reserved_mb);
  reserved_disk_mb.push_back(disk_reserved_mb);
  vcpus_used.push_back(0);
  free_ram_mb.push_back(0);
  free_disk_mb.push_back(0);
  disk_mb_used.push_back(0);
  num_instances.push_back(0);
  num_io_ops.push_back(0);
  failed_builds.push_back(info.failed_builds);
  set_usage(id, {info.vcpus_used, info.memory_mb_used, info.disk_gb_used, info.disk_available_least,
                 info.num_instances, info.io_ops});
  cpu_allocation_ratio.push_back(cpu_ratio);
  ram_allocation_ratio.push_back(ram_ratio);
  disk_allocation_ratio.push_back(disk_ratio);

  disabled.push_back(info.enabled ? 0 : 1);
  forced_down.push_back(info.forced_down ? 1 : 0);
  last_seen_up.push_back(info.last_seen_up);

  supported_instances.push_back(intern_hv_specs(info.supported_instances));
  hypervisor_type.push_back(info.hypervisor_type);
  hypervisor_version.push_back(info.hypervisor_version);
  cpu_info.push_back(info.cpu_info);
  stats.push_back(info.stats);
  std::vector<std::string> sorted_traits = info.traits;
  std::sort(sorted_traits.begin(), sorted_traits.end());
  status_disabled_trait.push_back(
      std::binary_search(sorted_traits.begin(), sorted_traits.end(), "COMPUTE_STATUS_DISABLED")
          ? 1
          : 0);
  traits.push_back(std::move(sorted_traits));
  aggregate_set.push_back(0);
  numa.push_back(host_numa_cells(info.numa_cells));
  ++description_version;
  return id;
}

void HostStates::set_usage(HostId host, const HostUsage& usage) {
  // The resource tracker reports reserved amounts as used; local_gb_used is an integer column,
  // so reserved MB / 1024 + used GB is truncated.
  const auto local_gb_used =
      static_cast<std::int64_t>(static_cast<double>(reserved_disk_mb[host]) / 1024.0 +
                                static_cast<double>(usage.disk_gb_used));
  std::int64_t free_gb = total_usable_disk_gb[host] - local_gb_used;
  if (usage.disk_available_least) free_gb = std::min(free_gb, *usage.disk_available_least);
  vcpus_used[host] = reserved_cpus[host] + usage.vcpus_used;
  free_ram_mb[host] = total_usable_ram_mb[host] - reserved_memory_mb[host] - usage.memory_mb_used;
  free_disk_mb[host] = free_gb * 1024;
  disk_mb_used[host] = local_gb_used * 1024;
  num_instances[host] = usage.num_instances;
  num_io_ops[host] = usage.io_ops;
}

}  // namespace stacksim::scheduler
