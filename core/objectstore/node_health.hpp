#pragma once
// Which object servers and devices are out of service, as the proxy and the replicator see them:
// an unmounted device answers 507 (Swift's proxy error-limits it at once; the replicator tries a
// handoff in its place), an unreachable server answers nothing. Servers are named by their ring
// ip, as Swift names them in error limiting.

#include <set>
#include <string>

#include "core/objectstore/device.hpp"

namespace stacksim::objectstore {

struct NodeHealth {
  std::set<int> unmounted_devices;        // device ids
  std::set<std::string> unreachable_ips;  // server ips of the ring

  [[nodiscard]] bool unmounted(const Device& dev) const {
    return unmounted_devices.contains(dev.id);
  }
  [[nodiscard]] bool unreachable(const Device& dev) const {
    return unreachable_ips.contains(dev.ip);
  }
  /// Out of service either way: the proxy skips it (error limited).
  [[nodiscard]] bool down(const Device& dev) const { return unmounted(dev) || unreachable(dev); }
};

}  // namespace stacksim::objectstore
