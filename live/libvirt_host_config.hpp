#pragma once
// How the live backend reaches one compute host's hypervisor, and how it builds domains there.

#include <string>

#include "core/runtime/time.hpp"
#include "live/backoff.hpp"

namespace stacksim::live {

struct LibvirtHostConfig {
  std::string host;  // compute host name the control plane uses
  std::string uri;   // test:///ABS/node.xml, qemu:///system, qemu+ssh://host/system, ...
  std::string domain_type = "qemu";  // "kvm" where /dev/kvm exists
  std::string emulator;              // empty: libvirt's default
  std::string machine;               // empty: libvirt's default
  std::string integration_bridge = "br-int";
  std::string storage_pool;  // empty: diskless domains (no local root/ephemeral/swap)
  /// Nova's shutdown_timeout: how long a clean (ACPI) shutdown may take before a hard power off.
  runtime::Duration shutdown_timeout = runtime::from_seconds(60);
  runtime::Duration shutdown_poll = runtime::from_seconds(0.25);
  Backoff reconnect;
  int keepalive_interval_s = 5;  // libvirt keepalive on remote URIs; 0 disables
  int keepalive_count = 3;
};

}  // namespace stacksim::live
