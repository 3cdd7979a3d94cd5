#pragma once
// Small RAII helpers over virDomainPtr shared by the hypervisor driver and reconciliation. All of
// them block; call inside runtime::blocking().

#include <libvirt/libvirt.h>

#include <memory>
#include <string>

namespace stacksim::live {

struct DomainDeleter {
  void operator()(virDomainPtr d) const noexcept { virDomainFree(d); }
};
using DomainPtr = std::unique_ptr<virDomain, DomainDeleter>;

/// The domain with this UUID; throws LibvirtError (InstanceNotFound) when there is none.
DomainPtr lookup_domain(virConnectPtr conn, const std::string& uuid);
/// nullptr when there is none.
DomainPtr find_domain(virConnectPtr conn, const std::string& uuid);

/// virDomainState of the domain.
int domain_state(virDomainPtr domain);
bool domain_active(virDomainPtr domain);
bool has_managed_save(virDomainPtr domain);
/// Whether the domain carries stacksim's metadata element.
bool is_stacksim_domain(virDomainPtr domain);
std::string domain_uuid(virDomainPtr domain);

/// Stops the domain if it runs (a domain that stopped meanwhile is fine).
void destroy_if_active(virDomainPtr domain);
/// Undefines a persistent domain with its managed-save image and snapshot metadata.
void undefine(virDomainPtr domain);

}  // namespace stacksim::live
