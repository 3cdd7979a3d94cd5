#include "live/libvirt_domain.hpp"

#include <libvirt/virterror.h>

#include <array>
#include <cstdlib>
#include <string_view>

#include "live/domain_xml.hpp"
#include "live/libvirt_error.hpp"

namespace stacksim::live {

DomainPtr find_domain(virConnectPtr conn, const std::string& uuid) {
  DomainPtr d(virDomainLookupByUUIDString(conn, uuid.c_str()));
  if (!d) {
    const virError* error = virGetLastError();
    if (error == nullptr || error->code != VIR_ERR_NO_DOMAIN) {
      throw last_libvirt_error("looking up instance " + uuid);
    }
    virResetLastError();
  }
  return d;
}

DomainPtr lookup_domain(virConnectPtr conn, const std::string& uuid) {
  DomainPtr d(virDomainLookupByUUIDString(conn, uuid.c_str()));
  if (!d) throw last_libvirt_error("looking up instance " + uuid);
  return d;
}

// Every libvirt call clears the thread's last error, so the UUID for a message is read first.
int domain_state(virDomainPtr domain) {
  const std::string uuid = domain_uuid(domain);
  int state = 0;
  int reason = 0;
  if (virDomainGetState(domain, &state, &reason, 0) < 0) {
    throw last_libvirt_error("reading the state of " + uuid);
  }
  return state;
}

bool domain_active(virDomainPtr domain) {
  const std::string uuid = domain_uuid(domain);
  const int active = virDomainIsActive(domain);
  if (active < 0) throw last_libvirt_error("reading the state of " + uuid);
  return active == 1;
}

bool has_managed_save(virDomainPtr domain) {
  const int result = virDomainHasManagedSaveImage(domain, 0);
  if (result < 0) {
    virResetLastError();  // drivers without managed save have none
    return false;
  }
  return result == 1;
}

bool is_stacksim_domain(virDomainPtr domain) {
  const std::string uuid = domain_uuid(domain);
  const std::string ns(metadata_namespace);
  char* metadata = virDomainGetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, ns.c_str(), 0);
  if (metadata == nullptr) {
    const virError* error = virGetLastError();
    if (error != nullptr && error->code != VIR_ERR_NO_DOMAIN_METADATA) {
      throw last_libvirt_error("reading the metadata of " + uuid);
    }
    virResetLastError();
    return false;
  }
  free(metadata);  // NOLINT(cppcoreguidelines-no-malloc): allocated by libvirt
  return true;
}

std::string domain_uuid(virDomainPtr domain) {
  std::array<char, VIR_UUID_STRING_BUFLEN> uuid{};
  if (virDomainGetUUIDString(domain, uuid.data()) < 0) return "(unknown domain)";
  return uuid.data();
}

void destroy_if_active(virDomainPtr domain) {
  const std::string uuid = domain_uuid(domain);
  if (!domain_active(domain)) return;
  if (virDomainDestroy(domain) < 0) {
    const virError* error = virGetLastError();
    if (error != nullptr && error->code == VIR_ERR_OPERATION_INVALID) {  // stopped meanwhile
      virResetLastError();
      return;
    }
    throw last_libvirt_error("destroying instance " + uuid);
  }
}

void undefine(virDomainPtr domain) {
  const std::string uuid = domain_uuid(domain);
  if (virDomainIsPersistent(domain) != 1) return;  // a transient domain vanishes when stopped
  // Like Nova: the fullest cleanup the driver accepts (the test driver rejects the last two).
  constexpr std::array<unsigned, 3> attempts = {
      VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
          VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM,
      VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA, 0U};
  for (unsigned flags : attempts) {
    if (virDomainUndefineFlags(domain, flags) == 0) return;
    const virError* error = virGetLastError();
    const bool unsupported_flags = error != nullptr && (error->code == VIR_ERR_INVALID_ARG ||
                                                        error->code == VIR_ERR_NO_SUPPORT);
    if (!unsupported_flags || flags == 0U) break;
  }
  throw last_libvirt_error("undefining instance " + uuid);
}

}  // namespace stacksim::live
