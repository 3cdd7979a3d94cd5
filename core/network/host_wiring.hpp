#pragma once
// Wiring hosts through the backend's NetworkDriver: brings each host's Open vSwitch to its
// compiled plan (bridges, ports, tunnels, flow tables). The same calls drive the simulated
// datacenter and real hosts. HostWiring remembers what it applied, so a later sync removes ports,
// bridges' contents and tunnels that are no longer planned (an instance deleted or migrated away,
// the last port of a network leaving a host) and rewrites only the flow tables that changed.

#include <map>
#include <string>
#include <vector>

#include "core/network/flow_compiler.hpp"
#include "core/runtime/network_driver.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::network {

/// Hosts a sync could not wire (host -> the driver's error). Their previous state is kept as
/// applied, so the next sync retries them.
using WiringFailures = std::map<std::string, std::string>;

class HostWiring {
 public:
  /// Applies `plans`; hosts applied before and absent now lose their ports, flows and tunnels
  /// (their bridges stay). One host failing does not stop the others. The HostWiring must outlive
  /// the returned task, and syncs must not overlap.
  runtime::Task<WiringFailures> sync(runtime::NetworkDriver& driver, std::vector<HostPlan> plans);

  /// What the last sync applied to `host` (nullptr if nothing).
  [[nodiscard]] const HostPlan* applied(const std::string& host) const;

 private:
  runtime::Task<void> sync_host(runtime::NetworkDriver& driver, HostPlan plan);
  std::map<std::string, HostPlan> applied_;
};

}  // namespace stacksim::network
