#pragma once
// Translation of libvirt's domain states and lifecycle events into Nova's power states and the
// control plane's BackendEvents (Nova's libvirt driver does the same in host.py/_event_emit).

#include <optional>

#include "core/runtime/backend_event.hpp"
#include "core/runtime/hypervisor_driver.hpp"

namespace stacksim::live {

/// virDomainState -> power state. A shut-off domain with a managed-save image is suspended, which
/// is what Nova's suspend (virDomainManagedSave) leaves behind.
[[nodiscard]] runtime::PowerState power_state_of(int domain_state, bool has_managed_save);

/// virDomainEventType + detail -> the event the control plane hears about; nullopt for events that
/// change no power state (defined, migrated away, ...).
[[nodiscard]] std::optional<runtime::BackendEventKind> backend_event_kind(int event, int detail);

}  // namespace stacksim::live
