#pragma once
// A server (Nova instance): what it was booted from and with, where it runs, and Nova's three
// state fields - vm_state (the stable state the user sees), task_state (the operation in
// progress, or none) and power_state (what the hypervisor reports).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/compute/flavor.hpp"
#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::compute {

enum class VmState {
  active,
  building,
  paused,
  suspended,
  stopped,
  rescued,
  resized,
  soft_deleted,
  deleted,
  error,
  shelved,
  shelved_offloaded,
};

/// The task states stacksim's actions go through (a subset of nova.compute.task_states).
enum class TaskState {
  none,
  scheduling,
  block_device_mapping,
  networking,
  spawning,
  rebooting,
  rebooting_hard,
  powering_off,
  powering_on,
  resize_prep,
  resize_migrating,
  resize_migrated,
  resize_finish,
  resize_reverting,
  resize_confirming,
  migrating,
  rebuilding,
  rebuild_spawning,
  deleting,
};

using runtime::PowerState;

/// Nova's spellings: "active", "building", ..., "soft-delete"; task states "scheduling",
/// "powering-off", ...; TaskState::none prints as "None"; power states "NOSTATE", "RUNNING", ...
std::string_view to_string(VmState state) noexcept;
std::string_view to_string(TaskState state) noexcept;
std::string_view to_string(PowerState state) noexcept;
VmState parse_vm_state(std::string_view text);
TaskState parse_task_state(std::string_view text);

/// The error recorded when an operation failed (Nova's instance fault).
struct InstanceFault {
  int code = 500;
  std::string message;
  std::string details;
  runtime::TimePoint created_at{};
};

/// One entry of a boot request's "networks": a network (optionally with a fixed address) or an
/// existing port.
struct RequestedNetwork {
  std::string network_id;
  std::string port_id;
  std::string fixed_ip;
  friend bool operator==(const RequestedNetwork&, const RequestedNetwork&) = default;
};

/// The boot request's "networks" (microversion 2.37): "auto" lets the network service pick the
/// project's network, "none" boots without a NIC, otherwise the listed entries.
struct NetworkRequest {
  enum class Mode { automatic, none, listed };
  Mode mode = Mode::automatic;
  std::vector<RequestedNetwork> entries;
  friend bool operator==(const NetworkRequest&, const NetworkRequest&) = default;
};

struct Instance {
  std::string uuid;
  std::string name;
  std::string project_id;
  std::string user_id;
  Flavor flavor;
  std::optional<Flavor> old_flavor;  // during a resize: the flavor before it
  std::optional<Flavor> new_flavor;  // during a resize: the flavor being resized to
  std::string image_id;
  /// The image's properties as the scheduler reads them (hw_architecture, img_hv_type, ...).
  std::map<std::string, std::string> image_properties;
  std::string key_name;
  std::string server_group;       // group uuid, or empty
  std::string availability_zone;  // requested zone, or empty
  std::string host;               // empty until scheduled
  VmState vm_state = VmState::building;
  TaskState task_state = TaskState::scheduling;
  PowerState power_state = PowerState::no_state;
  std::optional<runtime::TimePoint> launched_at;
  std::optional<runtime::TimePoint> terminated_at;
  runtime::TimePoint created_at{};
  runtime::TimePoint updated_at{};
  std::string reservation_id;  // shared by the instances of one multi-create
  int launch_index = 0;
  std::vector<std::string> same_host;        // scheduler hints (instance uuids)
  std::vector<std::string> different_host;   // scheduler hints (instance uuids)
  NetworkRequest requested_networks;         // what the network hooks allocate at build
  std::vector<std::string> security_groups;  // names or ids; empty: the project's default
  bool deleted = false;
};

}  // namespace stacksim::compute
