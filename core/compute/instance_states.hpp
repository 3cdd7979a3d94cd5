#pragma once
// Nova's check_instance_state: which vm_state / task_state an action accepts, and whether the
// instance must have launched once. A refusal is InstanceInvalidState (409) naming the attribute.

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/compute/instance.hpp"

namespace stacksim::compute {

struct StateCheck {
  /// nullopt: any vm_state.
  std::optional<std::vector<VmState>> vm_states;
  /// nullopt: any task_state. Nova's default is "no task in progress" ({TaskState::none}).
  std::optional<std::vector<TaskState>> task_states = std::vector<TaskState>{TaskState::none};
  bool must_have_launched = true;
};

/// Throws InstanceInvalidState: "Instance <uuid> in <vm_state|task_state|launched_at> <state>.
/// Cannot <method> while the instance is in this state."
void check_instance_state(const Instance& instance, const StateCheck& check,
                          const std::string& method);

// The checks of nova/compute/api.py, by action.
StateCheck delete_check();
StateCheck stop_check();
StateCheck start_check();
StateCheck soft_reboot_check();
StateCheck hard_reboot_check();
StateCheck resize_check();  // also cold migrate
StateCheck confirm_resize_check();
StateCheck revert_resize_check();
StateCheck live_migrate_check();
StateCheck evacuate_check();

}  // namespace stacksim::compute
