#pragma once
// runtime::NetworkDriver over Open vSwitch. Bridges, ports, VLAN tags, tunnels and Neutron's
// external_ids (iface-id, attached-mac) go through OVSDB JSON-RPC spoken directly to each host's
// ovsdb-server; compiled flow tables are installed with `ovs-ofctl replace-flows`; namespaces and
// veth pairs (`ip`) stand in for guest NICs where no real guest exists. Every call runs inside
// runtime::blocking(). A lost OVSDB connection is reported as host_down and reopened with
// exponential backoff (then host_up).

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/blocking.hpp"
#include "core/runtime/executor.hpp"
#include "core/runtime/network_driver.hpp"
#include "core/runtime/spawn.hpp"
#include "live/command_runner.hpp"
#include "live/event_relay.hpp"
#include "live/ovs_host_config.hpp"
#include "live/ovsdb_client.hpp"

namespace stacksim::live {

/// A guest NIC played by a veth pair: the host end is the OVS port, the other end sits in a
/// network namespace with the port's MAC and IP address.
struct NamespaceNic {
  std::string namespace_name;
  std::string guest_interface = "eth0";
  std::string ip_cidr;  // e.g. "10.0.0.5/24"; empty: no address
};

class OvsNetworkDriver final : public runtime::NetworkDriver {
 public:
  OvsNetworkDriver(std::vector<OvsHostConfig> hosts, runtime::Executor& executor,
                   std::shared_ptr<EventRelay> events);
  ~OvsNetworkDriver() override;

  [[nodiscard]] std::vector<std::string> hosts() const;
  [[nodiscard]] bool has_host(const std::string& host) const { return hosts_.contains(host); }
  [[nodiscard]] bool connected(const std::string& host) const;
  /// Connects to the host's OVSDB server; on failure reports host_down, keeps reconnecting in the
  /// background and returns false.
  runtime::Task<bool> connect(std::string host);
  /// A round trip to the OVSDB server, so a dead server is noticed between requests.
  runtime::Task<void> probe(std::string host);

  runtime::Task<void> ensure_bridge(std::string host, std::string bridge) override;
  runtime::Task<void> delete_bridge(std::string host, std::string bridge) override;
  /// Adds the port (or updates it if it exists): VLAN tag, interface type and options (patch
  /// peers), requested OpenFlow number, and external_ids with Neutron's iface-id and attached-mac.
  runtime::Task<void> add_port(std::string host, runtime::PortSpec port) override;
  runtime::Task<void> remove_port(std::string host, std::string bridge, std::string name) override;
  runtime::Task<void> ensure_tunnel(runtime::TunnelSpec tunnel) override;
  runtime::Task<void> apply_flow_table(std::string host, runtime::FlowTable table) override;
  runtime::Task<void> create_namespace(std::string host, std::string name) override;
  runtime::Task<void> delete_namespace(std::string host, std::string name) override;

  /// Creates the veth pair for `port` (host end named port.name), configures the namespace end,
  /// then adds the host end to OVS like add_port.
  runtime::Task<void> plug_namespace_nic(std::string host, runtime::PortSpec port,
                                         NamespaceNic nic);
  /// Removes the port from OVS and deletes the veth pair.
  runtime::Task<void> unplug_namespace_nic(std::string host, std::string bridge, std::string name);

  /// The ports of one bridge as OVSDB has them (the bridge's own internal port excluded), by
  /// name, with the OpenFlow number vswitchd assigned.
  runtime::Task<std::vector<runtime::PortSpec>> list_ports(std::string host, std::string bridge);
  /// `ovs-ofctl dump-flows` output, for diagnostics and tests.
  runtime::Task<std::string> dump_flows(std::string host, std::string bridge);

 private:
  struct Host {
    OvsHostConfig config;
    std::unique_ptr<OvsdbClient> client;
    std::atomic<bool> down{false};
    bool reconnecting = false;  // executor thread only
    runtime::TaskHandle reconnect_task;
  };

  Host& host_state(const std::string& host);

  /// co_await ovsdb(h, fn): fn(OvsdbClient&) on a blocking-call worker; a transport failure is
  /// reported as the host going down.
  template <class F>
  auto ovsdb(Host& h, F fn) {
    return runtime::blocking([this, &h, fn = std::move(fn)]() mutable {
      try {
        return fn(*h.client);
      } catch (const OvsdbError& error) {
        if (error.connection_lost()) on_connection_lost(h, error.what());
        throw;
      }
    });
  }
  /// A host command run through the host's command prefix; its output.
  struct HostCommand {
    Command command;
    bool tolerate_failure = false;
    std::string operator()() const;
  };
  /// co_await host_command(h, argv, input): runs it on a blocking-call worker. Not a coroutine,
  /// so braced argument lists stay out of coroutine frames (GCC 12 miscompiles those).
  static runtime::BlockingAwaiter<HostCommand> host_command(const Host& h,
                                                            std::vector<std::string> argv,
                                                            std::string input,
                                                            bool tolerate_failure);
  /// co_await command(h, "ip", "netns", "list"): a command that must succeed.
  template <class... Args>
  static runtime::BlockingAwaiter<HostCommand> command(const Host& h, const Args&... args) {
    return host_command(h, std::vector<std::string>{std::string(args)...}, {}, false);
  }
  /// Like command(), but a failure is not an error (idempotent deletes).
  template <class... Args>
  static runtime::BlockingAwaiter<HostCommand> tolerant_command(const Host& h,
                                                                const Args&... args) {
    return host_command(h, std::vector<std::string>{std::string(args)...}, {}, true);
  }

  runtime::Task<void> commit(Host& h, nlohmann::json operations);
  runtime::Task<void> wait_for_vswitchd(Host& h, std::int64_t next_cfg);
  runtime::Task<void> upsert_port(Host& h, std::string bridge, std::string name, int vlan_tag,
                                  int ofport, std::string type,
                                  std::map<std::string, std::string> options,
                                  std::map<std::string, std::string> external_ids);
  [[nodiscard]] std::string openflow_target(const Host& h, const std::string& bridge) const;
  void on_connection_lost(Host& h, const std::string& why);
  void start_reconnecting(Host& h);
  runtime::Task<void> reconnect_loop(Host& h);

  runtime::Executor& executor_;
  std::shared_ptr<EventRelay> events_;
  std::map<std::string, std::unique_ptr<Host>> hosts_;
};

}  // namespace stacksim::live
