#include "core/compute/compute_expected_state.hpp"

namespace stacksim::compute {

runtime::VmState expected_vm_state(VmState state) noexcept {
  switch (state) {
    case VmState::active:
      return runtime::VmState::active;
    case VmState::building:
      return runtime::VmState::building;
    case VmState::paused:
      return runtime::VmState::paused;
    case VmState::suspended:
      return runtime::VmState::suspended;
    case VmState::stopped:
    case VmState::shelved:
    case VmState::shelved_offloaded:
      return runtime::VmState::stopped;
    case VmState::rescued:
      return runtime::VmState::rescued;
    case VmState::resized:
      return runtime::VmState::resized;
    case VmState::error:
      return runtime::VmState::error;
    case VmState::soft_deleted:
    case VmState::deleted:
      return runtime::VmState::deleted;
  }
  return runtime::VmState::error;
}

runtime::Task<std::vector<runtime::ExpectedInstance>> ComputeExpectedState::instances_on(
    std::string host) {
  std::vector<runtime::ExpectedInstance> out;
  InstanceFilter filter;
  filter.host = host;
  for (const Instance& i : cell_.instances.list(filter)) {
    out.push_back(
        {i.uuid, expected_vm_state(i.vm_state), i.task_state != TaskState::none, i.power_state});
  }
  co_return out;
}

runtime::Task<std::vector<runtime::PortSpec>> ComputeExpectedState::ports_on(std::string host) {
  co_return ports_ ? ports_(host) : std::vector<runtime::PortSpec>{};
}

runtime::Task<void> ComputeExpectedState::record_power_state(std::string uuid,
                                                             runtime::PowerState observed) {
  Instance instance = cell_.instances.get(uuid, true);
  instance.power_state = observed;
  cell_.save(instance);
  co_return;
}

runtime::Task<void> ComputeExpectedState::mark_stopped(std::string uuid) {
  // Nova's _sync_instance_power_state calls the stop API: the record follows the guest.
  Instance instance = cell_.instances.get(uuid, true);
  instance.vm_state = VmState::stopped;
  instance.power_state = PowerState::shutdown;
  instance.task_state = TaskState::none;
  cell_.save(instance);
  co_return;
}

runtime::Task<void> ComputeExpectedState::mark_error(std::string uuid, std::string reason) {
  Instance instance = cell_.instances.get(uuid, true);
  cell_.set_error(instance, 500, reason);
  co_return;
}

}  // namespace stacksim::compute
