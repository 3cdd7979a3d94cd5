#pragma once
// The flow compiler: from the logical state (a TopologySnapshot) to what each host's Open vSwitch
// holds: bridges, their ports (with the OpenFlow numbers the rules use), tunnels, and one
// runtime::FlowTable per bridge in ovs-ofctl syntax. The simulator evaluates these tables
// (packet_tracer.hpp) and the live backend installs them; both wire a host through
// runtime::NetworkDriver (host_wiring.hpp).

#include <map>
#include <string>
#include <vector>

#include "core/network/topology_snapshot.hpp"
#include "core/runtime/network_driver.hpp"

namespace stacksim::network {

struct BridgePlan {
  std::string name;
  std::vector<runtime::PortSpec> ports;  // by ofport
  runtime::FlowTable flows;              // sorted: table, priority (highest first), text
};

struct HostPlan {
  std::string host;
  std::vector<BridgePlan> bridges;  // br-int first, then br-tun, then physical bridges
  std::vector<runtime::TunnelSpec> tunnels;
  std::map<std::string, int> local_vlans;  // network id -> local VLAN on this host

  [[nodiscard]] const BridgePlan* bridge(const std::string& name) const;
};

/// The plan of one host (empty bridges list when nothing is bound there).
[[nodiscard]] HostPlan compile_host(const TopologySnapshot& topology, const std::string& host);
/// The plans of every host with a bound port, sorted by host name.
[[nodiscard]] std::vector<HostPlan> compile_all(const TopologySnapshot& topology);

}  // namespace stacksim::network
