#pragma once
// What one boot (or move) asks of the scheduler: Nova's RequestSpec reduced to the fields the
// filters, weighers and Placement query read.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stacksim::scheduler {

struct Flavor {
  std::string name;
  int vcpus = 0;
  std::int64_t memory_mb = 0;
  std::int64_t root_gb = 0;
  std::int64_t ephemeral_gb = 0;
  std::int64_t swap_mb = 0;
  std::map<std::string, std::string> extra_specs;
};

/// Server group policies as the compute API names them.
enum class GroupPolicy { affinity, anti_affinity, soft_affinity, soft_anti_affinity };

struct RequestSpec {
  Flavor flavor;
  /// One id per instance to place; num_instances is its size. Ids must be new to the scheduler
  /// unless the request moves an instance it already tracks.
  std::vector<std::string> instance_uuids;
  std::optional<std::string> availability_zone;
  /// Name of a server group registered with Scheduler::create_server_group.
  std::optional<std::string> group;
  /// Image properties (hw_architecture, img_hv_type, hw_vm_mode, img_hv_requested_version,
  /// hw_numa_nodes, hw_numa_cpus.N, hw_numa_mem.N, traits_required).
  std::map<std::string, std::string> image_properties;
  /// Scheduler hints naming instances (SameHostFilter / DifferentHostFilter).
  std::vector<std::string> same_host;
  std::vector<std::string> different_host;
};

}  // namespace stacksim::scheduler
