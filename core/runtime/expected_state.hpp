#pragma once
// What the control plane believes about each host, for a backend that reconciles it with what the
// hypervisors and switches report (the live backend; Nova's init_host and _sync_power_states).
// core/compute implements it over its database; the backend reads it and reports corrections back
// through it, so the control plane stays the owner of its records.

#include <string>
#include <vector>

#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/network_driver.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::runtime {

/// Nova's vm_state values that matter to reconciliation.
enum class VmState {
  building,
  active,
  paused,
  suspended,
  stopped,
  rescued,
  resized,
  error,
  deleted
};

struct ExpectedInstance {
  std::string uuid;
  VmState vm_state = VmState::active;
  bool task_in_progress = false;  // Nova: task_state is not None
  PowerState power_state = PowerState::no_state;
};

class ExpectedState {
 public:
  ExpectedState() = default;
  ExpectedState(const ExpectedState&) = delete;
  ExpectedState& operator=(const ExpectedState&) = delete;
  virtual ~ExpectedState() = default;

  /// Instances the database places on `host` (deleted ones whose cleanup is pending included).
  virtual Task<std::vector<ExpectedInstance>> instances_on(std::string host) = 0;
  /// Ports the database binds to `host`, as the network driver would plug them.
  virtual Task<std::vector<PortSpec>> ports_on(std::string host) = 0;

  /// The hypervisor reports a different power state: record it (Nova updates power_state).
  virtual Task<void> record_power_state(std::string uuid, PowerState observed) = 0;
  /// An active or paused instance stopped behind the control plane's back: Nova's stop API.
  virtual Task<void> mark_stopped(std::string uuid) = 0;
  /// An operation that can never finish (its process died mid-build): vm_state error.
  virtual Task<void> mark_error(std::string uuid, std::string reason) = 0;
};

}  // namespace stacksim::runtime
