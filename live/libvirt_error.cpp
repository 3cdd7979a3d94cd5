#include "live/libvirt_error.hpp"

#include <libvirt/virterror.h>

namespace stacksim::live {
namespace {

struct ErrorClass {
  const char* type;
  int http_status;
};

ErrorClass classify(int code) {
  switch (code) {
    case VIR_ERR_NO_DOMAIN:
      return {"InstanceNotFound", 404};
    case VIR_ERR_OPERATION_INVALID:
      return {"InstanceInvalidState", 409};
    case VIR_ERR_DOM_EXIST:
    case VIR_ERR_STORAGE_VOL_EXIST:
      return {"InstanceExists", 409};
    case VIR_ERR_NO_SUPPORT:
    case VIR_ERR_OPERATION_UNSUPPORTED:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
    case VIR_ERR_CONFIG_UNSUPPORTED:
      return {"NotSupported", 501};
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_RPC:
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
    case VIR_ERR_OPERATION_TIMEOUT:
      return {"HypervisorUnavailable", 503};
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
      return {"VolumeNotFound", 404};
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_INVALID_ARG:
      return {"InvalidRequest", 400};
    default:
      return {"InternalError", 500};
  }
}

}  // namespace

bool LibvirtError::unsupported() const noexcept {
  return code_ == VIR_ERR_NO_SUPPORT || code_ == VIR_ERR_OPERATION_UNSUPPORTED ||
         code_ == VIR_ERR_ARGUMENT_UNSUPPORTED;
}

LibvirtError last_libvirt_error(std::string_view action) {
  const virError* error = virGetLastError();
  const int code = error != nullptr ? error->code : 0;
  std::string message(action);
  message += ": ";
  message += error != nullptr && error->message != nullptr ? error->message
                                                           : "libvirt reported no error detail";
  const ErrorClass cls = classify(code);
  return {cls.type, cls.http_status, message, code};
}

LibvirtError hypervisor_unavailable(std::string_view host, std::string_view why) {
  std::string message = "hypervisor of host ";
  message += host;
  message += " is unavailable: ";
  message += why;
  return {"HypervisorUnavailable", 503, message, VIR_ERR_NO_CONNECT};
}

}  // namespace stacksim::live
