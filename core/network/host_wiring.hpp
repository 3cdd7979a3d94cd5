#pragma once
// Wiring hosts through the backend's NetworkDriver: brings each host's Open vSwitch to its
// compiled plan (bridges, ports, tunnels, flow tables). The same calls drive the simulated
// datacenter and real hosts. HostWiring remembers what it applied, so a later sync removes ports
// that are no longer planned (an instance deleted or migrated away) and rewrites only the flow
// tables that changed.

#include <map>
#include <string>
#include <vector>

#include "core/network/flow_compiler.hpp"
#include "core/runtime/network_driver.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::network {

class HostWiring {
 public:
  /// Applies `plans`; hosts applied before and absent now lose their ports and flows. The
  /// HostWiring must outlive the returned task.
  runtime::Task<void> sync(runtime::NetworkDriver& driver, std::vector<HostPlan> plans);

  /// What the last sync applied to `host` (nullptr if nothing).
  [[nodiscard]] const HostPlan* applied(const std::string& host) const;

 private:
  runtime::Task<void> sync_host(runtime::NetworkDriver& driver, HostPlan plan);
  std::map<std::string, HostPlan> applied_;
};

}  // namespace stacksim::network
