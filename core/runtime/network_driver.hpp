#pragma once
// The network driver: bridges, ports, tunnels between hosts, compiled flow tables and namespaces.
// The simulator evaluates the same flow tables the live backend installs into Open vSwitch.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/runtime/task.hpp"

namespace stacksim::runtime {

/// One OpenFlow rule, in ovs-ofctl's vocabulary (match fields and actions as text), so one
/// representation is both evaluated by the simulator and installed by `ovs-ofctl add-flow`.
struct FlowRule {
  std::uint8_t table = 0;
  std::uint16_t priority = 0;
  std::uint64_t cookie = 0;
  std::map<std::string, std::string> match;  // field -> value, e.g. {"dl_vlan", "101"}
  std::vector<std::string> actions;          // e.g. {"strip_vlan", "output:3"}
};

struct FlowTable {
  std::string bridge;
  std::vector<FlowRule> rules;
};

struct PortSpec {
  std::string bridge;
  std::string name;  // interface name on the host
  std::string port_id;
  std::string mac_address;
  int vlan_tag = 0;                                 // 0: untagged
  std::map<std::string, std::string> external_ids;  // e.g. iface-id, attached-mac
  // OpenFlow port number the flow tables refer to (OVS ofport_request); 0: any.
  int ofport = 0;
  // Interface type ("" for a system/tap interface, "patch", "internal") and its options, e.g.
  // {"peer", "patch-tun"} for a patch port.
  std::string type;
  std::map<std::string, std::string> options;
};

enum class TunnelType { vxlan, gre, geneve };

struct TunnelSpec {
  std::string bridge;
  std::string local_host;
  std::string remote_host;
  TunnelType type = TunnelType::vxlan;
  std::string name;  // port name on the bridge, e.g. "vxlan-00000002"
  int ofport = 0;    // OpenFlow port number the flow tables refer to; 0: any
};

class NetworkDriver {
 public:
  NetworkDriver() = default;
  NetworkDriver(const NetworkDriver&) = delete;
  NetworkDriver& operator=(const NetworkDriver&) = delete;
  virtual ~NetworkDriver() = default;

  virtual Task<void> ensure_bridge(std::string host, std::string bridge) = 0;
  virtual Task<void> delete_bridge(std::string host, std::string bridge) = 0;
  virtual Task<void> add_port(std::string host, PortSpec port) = 0;
  virtual Task<void> remove_port(std::string host, std::string bridge, std::string name) = 0;
  virtual Task<void> ensure_tunnel(TunnelSpec tunnel) = 0;
  /// Replaces the rules of one bridge on one host with `table`.
  virtual Task<void> apply_flow_table(std::string host, FlowTable table) = 0;
  virtual Task<void> create_namespace(std::string host, std::string name) = 0;
  virtual Task<void> delete_namespace(std::string host, std::string name) = 0;
};

}  // namespace stacksim::runtime
