#include "core/api/compute/compute_api_routes.hpp"

namespace stacksim::api {

std::string nova_server_status(compute::VmState vm, compute::TaskState task) {
  using compute::TaskState;
  using compute::VmState;
  const bool resizing = task == TaskState::resize_prep || task == TaskState::resize_migrating ||
                        task == TaskState::resize_migrated || task == TaskState::resize_finish;
  const bool rebuilding = task == TaskState::rebuilding || task == TaskState::rebuild_spawning;
  switch (vm) {
    case VmState::active:
      if (task == TaskState::rebooting) return "REBOOT";
      if (task == TaskState::rebooting_hard) return "HARD_REBOOT";
      if (rebuilding) return "REBUILD";
      if (task == TaskState::migrating) return "MIGRATING";
      if (resizing) return "RESIZE";
      return "ACTIVE";
    case VmState::building:
      return "BUILD";
    case VmState::stopped:
      if (resizing) return "RESIZE";
      if (rebuilding) return "REBUILD";
      return "SHUTOFF";
    case VmState::resized:
      if (task == TaskState::resize_reverting) return "REVERT_RESIZE";
      return "VERIFY_RESIZE";
    case VmState::paused:
      return "PAUSED";
    case VmState::suspended:
      return "SUSPENDED";
    case VmState::rescued:
      return "RESCUE";
    case VmState::error:
      return rebuilding ? "REBUILD" : "ERROR";
    case VmState::deleted:
      return "DELETED";
    case VmState::soft_deleted:
      return "SOFT_DELETED";
    case VmState::shelved:
      return "SHELVED";
    case VmState::shelved_offloaded:
      return "SHELVED_OFFLOADED";
  }
  return "UNKNOWN";
}

}  // namespace stacksim::api
