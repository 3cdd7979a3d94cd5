#pragma once
// Nova's HostState for every host, one column per field (struct of arrays): filters and weighers
// stream over the columns they read. Row i is the i-th host added, which is also the host input
// order that breaks ties. The Scheduler owns and mutates it; plugins get it read-only.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/runtime/time.hpp"
#include "core/scheduler/aggregates.hpp"
#include "core/scheduler/host_info.hpp"
#include "core/scheduler/numa.hpp"

namespace stacksim::scheduler {

using HostId = std::uint32_t;
using HvSpecListId = std::uint32_t;

struct HostStates {
  std::vector<std::string> name;

  // Resources as HostState sees them: reserved amounts count as used.
  std::vector<std::int64_t> vcpus_total;
  std::vector<std::int64_t> vcpus_used;
  std::vector<std::int64_t> free_ram_mb;  // may be negative
  std::vector<std::int64_t> free_disk_mb;
  std::vector<std::int64_t> total_usable_ram_mb;
  std::vector<std::int64_t> total_usable_disk_gb;
  std::vector<std::int64_t> disk_mb_used;
  std::vector<std::int64_t> num_instances;
  std::vector<std::int64_t> num_io_ops;
  std::vector<std::int64_t> failed_builds;
  std::vector<double> cpu_allocation_ratio;
  std::vector<double> ram_allocation_ratio;
  std::vector<double> disk_allocation_ratio;
  std::vector<std::int64_t> reserved_cpus;
  std::vector<std::int64_t> reserved_memory_mb;
  std::vector<std::int64_t> reserved_disk_mb;

  // Service row.
  std::vector<std::uint8_t> disabled;
  std::vector<std::uint8_t> forced_down;
  std::vector<runtime::TimePoint> last_seen_up;

  // Description.
  std::vector<HvSpecListId> supported_instances;   // into hv_spec_lists
  std::vector<std::vector<HvSpec>> hv_spec_lists;  // interned supported_instances lists
  std::vector<std::optional<std::string>> hypervisor_type;
  std::vector<std::optional<std::int64_t>> hypervisor_version;
  std::vector<std::optional<std::string>> cpu_info;  // JSON text
  std::vector<std::map<std::string, std::string>> stats;
  std::vector<std::vector<std::string>> traits;  // sorted
  /// traits contains COMPUTE_STATUS_DISABLED (the one trait every request forbids).
  std::vector<std::uint8_t> status_disabled_trait;
  std::vector<AggregateSetId> aggregate_set;
  std::vector<std::vector<HostNumaCell>> numa;  // empty: no NUMA topology

  /// Bumped whenever a descriptive (non-usage) column changes, so caches keyed on it refresh.
  std::uint64_t description_version = 0;

  [[nodiscard]] std::size_t size() const noexcept { return name.size(); }
  [[nodiscard]] std::optional<HostId> find(std::string_view host_name) const;

  /// Appends a host (HostState._update_from_compute_node semantics for the resource columns).
  HostId add(const HostInfo& info, double cpu_ratio, double ram_ratio, double disk_ratio,
             std::int64_t cpus_reserved, std::int64_t memory_reserved_mb,
             std::int64_t disk_reserved_mb);
  /// A compute node report (HostState._update_from_compute_node for the usage columns).
  void set_usage(HostId host, const HostUsage& usage);

 private:
  HvSpecListId intern_hv_specs(const std::vector<HvSpec>& specs);
  std::unordered_map<std::string, HostId> by_name_;
};

}  // namespace stacksim::scheduler
