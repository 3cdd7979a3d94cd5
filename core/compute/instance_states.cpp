#include "core/compute/instance_states.hpp"

#include <algorithm>
#include <array>

#include "core/compute/compute_error.hpp"

namespace stacksim::compute {
namespace {

constexpr std::array<std::string_view, 12> vm_state_names = {
    "active",  "building",    "paused",  "suspended", "stopped", "rescued",
    "resized", "soft-delete", "deleted", "error",     "shelved", "shelved_offloaded"};
constexpr std::array<std::string_view, 19> task_state_names = {
    "None",           "scheduling",       "block_device_mapping",
    "networking",     "spawning",         "rebooting",
    "rebooting_hard", "powering-off",     "powering-on",
    "resize_prep",    "resize_migrating", "resize_migrated",
    "resize_finish",  "resize_reverting", "resize_confirming",
    "migrating",      "rebuilding",       "rebuild_spawning",
    "deleting"};

template <class T>
bool contains(const std::vector<T>& values, T value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

std::string_view to_string(VmState state) noexcept {
  return vm_state_names[static_cast<std::size_t>(state)];
}
std::string_view to_string(TaskState state) noexcept {
  return task_state_names[static_cast<std::size_t>(state)];
}
std::string_view to_string(PowerState state) noexcept {
  switch (state) {
    case PowerState::no_state:
      return "NOSTATE";
    case PowerState::running:
      return "RUNNING";
    case PowerState::paused:
      return "PAUSED";
    case PowerState::shutdown:
      return "SHUTDOWN";
    case PowerState::crashed:
      return "CRASHED";
    case PowerState::suspended:
      return "SUSPENDED";
  }
  return "NOSTATE";
}

VmState parse_vm_state(std::string_view text) {
  const auto it = std::find(vm_state_names.begin(), vm_state_names.end(), text);
  if (it == vm_state_names.end())
    throw invalid_input("unknown vm_state '" + std::string(text) + "'");
  return static_cast<VmState>(it - vm_state_names.begin());
}

TaskState parse_task_state(std::string_view text) {
  const auto it = std::find(task_state_names.begin(), task_state_names.end(), text);
  if (it == task_state_names.end()) {
    throw invalid_input("unknown task_state '" + std::string(text) + "'");
  }
  return static_cast<TaskState>(it - task_state_names.begin());
}

void check_instance_state(const Instance& instance, const StateCheck& check,
                          const std::string& method) {
  if (check.vm_states && !contains(*check.vm_states, instance.vm_state)) {
    throw instance_invalid_state(instance.uuid, "vm_state",
                                 std::string(to_string(instance.vm_state)), method);
  }
  if (check.task_states && !contains(*check.task_states, instance.task_state)) {
    throw instance_invalid_state(instance.uuid, "task_state",
                                 std::string(to_string(instance.task_state)), method);
  }
  if (check.must_have_launched && !instance.launched_at) {
    throw instance_invalid_state(instance.uuid, "launched_at", "None", method);
  }
}

StateCheck delete_check() {
  return {std::nullopt, std::nullopt, false};
}
StateCheck stop_check() {
  return {std::vector{VmState::active, VmState::error}};
}
StateCheck start_check() {
  return {std::vector{VmState::stopped}};
}
StateCheck soft_reboot_check() {
  return {std::vector{VmState::active}};
}
StateCheck hard_reboot_check() {
  // vm_states.ALLOW_HARD_REBOOT and the task states of task_states.ALLOW_REBOOT stacksim has
  // (a hard reboot may interrupt a soft one).
  return {std::vector{VmState::active, VmState::stopped, VmState::paused, VmState::suspended,
                      VmState::error},
          std::vector{TaskState::none, TaskState::rebooting, TaskState::rebooting_hard}};
}
StateCheck resize_check() {
  return {std::vector{VmState::active, VmState::stopped}};
}
StateCheck confirm_resize_check() {
  return {std::vector{VmState::resized}};
}
StateCheck revert_resize_check() {
  return {std::vector{VmState::resized}};
}
StateCheck live_migrate_check() {
  return {std::vector{VmState::active, VmState::paused}};
}
StateCheck evacuate_check() {
  return {std::vector{VmState::active, VmState::stopped, VmState::error}};
}

}  // namespace stacksim::compute
