#include "live/lifecycle_event.hpp"

#include <libvirt/libvirt.h>

namespace stacksim::live {

using runtime::BackendEventKind;
using runtime::PowerState;

PowerState power_state_of(int domain_state, bool has_managed_save) {
  switch (domain_state) {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
      return PowerState::running;
    case VIR_DOMAIN_PAUSED:
      return PowerState::paused;
    case VIR_DOMAIN_SHUTDOWN:
      return PowerState::shutdown;
    case VIR_DOMAIN_SHUTOFF:
      return has_managed_save ? PowerState::suspended : PowerState::shutdown;
    case VIR_DOMAIN_CRASHED:
      return PowerState::crashed;
    case VIR_DOMAIN_PMSUSPENDED:
      return PowerState::suspended;
    default:
      return PowerState::no_state;
  }
}

std::optional<BackendEventKind> backend_event_kind(int event, int detail) {
  switch (event) {
    case VIR_DOMAIN_EVENT_STARTED:
      return detail == VIR_DOMAIN_EVENT_STARTED_RESTORED ? BackendEventKind::instance_resumed
                                                         : BackendEventKind::instance_started;
    case VIR_DOMAIN_EVENT_SUSPENDED:
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      return BackendEventKind::instance_suspended;
    case VIR_DOMAIN_EVENT_RESUMED:
      return BackendEventKind::instance_resumed;
    case VIR_DOMAIN_EVENT_STOPPED:
      switch (detail) {
        case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
        case VIR_DOMAIN_EVENT_STOPPED_FAILED:
          return BackendEventKind::instance_crashed;
        case VIR_DOMAIN_EVENT_STOPPED_SAVED:
          return BackendEventKind::instance_suspended;
        case VIR_DOMAIN_EVENT_STOPPED_MIGRATED:
          return std::nullopt;  // reported by the destination as started
        default:
          return BackendEventKind::instance_stopped;
      }
    case VIR_DOMAIN_EVENT_CRASHED:
      return BackendEventKind::instance_crashed;
    case VIR_DOMAIN_EVENT_UNDEFINED:
      return BackendEventKind::instance_deleted;
    default:
      return std::nullopt;
  }
}

}  // namespace stacksim::live
