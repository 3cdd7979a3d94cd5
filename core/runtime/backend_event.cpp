#include "core/runtime/backend_event.hpp"

namespace stacksim::runtime {

std::string_view to_string(BackendEventKind kind) noexcept {
  switch (kind) {
    case BackendEventKind::host_down:
      return "host_down";
    case BackendEventKind::host_up:
      return "host_up";
    case BackendEventKind::link_down:
      return "link_down";
    case BackendEventKind::link_up:
      return "link_up";
    case BackendEventKind::disk_down:
      return "disk_down";
    case BackendEventKind::disk_up:
      return "disk_up";
    case BackendEventKind::instance_crashed:
      return "instance_crashed";
    case BackendEventKind::instance_stopped:
      return "instance_stopped";
    case BackendEventKind::instance_started:
      return "instance_started";
    case BackendEventKind::instance_suspended:
      return "instance_suspended";
    case BackendEventKind::instance_resumed:
      return "instance_resumed";
    case BackendEventKind::instance_deleted:
      return "instance_deleted";
  }
  return "unknown";
}

}  // namespace stacksim::runtime
