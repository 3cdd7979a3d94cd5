#pragma once
// How the live backend reaches one host's Open vSwitch: its OVSDB server, the OpenFlow management
// target ovs-ofctl talks to, and how host commands (ip, ovs-ofctl) run there.

#include <string>
#include <vector>

#include "core/runtime/time.hpp"
#include "live/backoff.hpp"

namespace stacksim::live {

struct OvsHostConfig {
  std::string host;
  std::string ovsdb = "unix:/var/run/openvswitch/db.sock";  // unix:PATH or tcp:HOST:PORT
  /// ovs-ofctl's switch argument, "{bridge}" replaced by the bridge name. Empty: the bridge's
  /// management socket next to a unix OVSDB socket, else the bare bridge name.
  std::string openflow_target;
  std::string datapath_type = "system";  // "netdev": the userspace datapath
  /// Prepended to every host command, e.g. {"ssh", "root@compute1"}; empty runs locally.
  std::vector<std::string> command_prefix;
  std::string tunnel_ip;  // local endpoint of VXLAN/GRE/Geneve tunnels
  /// Wait for ovs-vswitchd to apply each change (next_cfg/cur_cfg); off for a bare ovsdb-server.
  bool wait_for_vswitchd = true;
  runtime::Duration vswitchd_timeout = runtime::from_seconds(10);
  Backoff reconnect;
};

}  // namespace stacksim::live
