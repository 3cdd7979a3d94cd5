#pragma once
// libvirt failures as the control plane sees them: a runtime::ServiceError whose type follows
// Nova's exception names (InstanceNotFound, InstanceInvalidState, HypervisorUnavailable, ...), so
// the same control-plane code handles the simulated and the live backend alike.

#include <string>
#include <string_view>

#include "core/runtime/service_error.hpp"

namespace stacksim::live {

class LibvirtError : public runtime::ServiceError {
 public:
  LibvirtError(std::string type, int http_status, const std::string& message, int code)
      : runtime::ServiceError(std::move(type), http_status, message), code_(code) {}

  /// libvirt's virErrorNumber (0 when the failure did not come from libvirt).
  [[nodiscard]] int code() const noexcept { return code_; }
  /// The driver does not implement the call (e.g. migration on the test driver).
  [[nodiscard]] bool unsupported() const noexcept;

 private:
  int code_;
};

/// The calling thread's last libvirt error (libvirt keeps it per thread), as a LibvirtError whose
/// message starts with `action`, e.g. "starting instance 6a1f...: <libvirt's message>".
[[nodiscard]] LibvirtError last_libvirt_error(std::string_view action);

/// A host whose libvirt connection is down or cannot be opened.
[[nodiscard]] LibvirtError hypervisor_unavailable(std::string_view host, std::string_view why);

}  // namespace stacksim::live
