#pragma once
// The network part of a build, as Nova's neutronv2 API does it from the compute side: ports for a
// booting instance from its requested networks ("auto": the project's only network, "none": no
// NIC, or the listed networks and ports), with DHCP-assigned fixed IPs, bound to the chosen host;
// then every host's Open vSwitch brought to the compiled plans through the backend's
// NetworkDriver (the new tap port, flows on the hosts sharing its networks, tunnels or VLANs
// between them). A move rebinds the ports to the new host; a delete or failed build releases them
// and a host whose last port of a network left drops the tunnels that network needed.
//
// Rewiring is serialised: concurrent builds share one sync of the latest state rather than
// interleaving driver calls for the same host.

#include <coroutine>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "core/compute/build_hooks.hpp"
#include "core/network/host_wiring.hpp"
#include "core/network/network_service.hpp"

namespace stacksim::network {

class NetworkBuildHooks final : public compute::BuildHooks {
 public:
  /// Both must outlive the hooks and every task they return.
  NetworkBuildHooks(NetworkService& service, runtime::NetworkDriver& driver)
      : service_(service), driver_(driver) {}

  /// Ports (created, or claimed by id) bound to `host`; an instance that has ports already (an
  /// evacuation) has them rebound. Throws Nova's or Neutron's error; allocates nothing then.
  runtime::Task<std::vector<runtime::NicSpec>> allocate_network(compute::Instance instance,
                                                                std::string host) override;
  runtime::Task<void> bind_to_host(compute::Instance instance, std::string host) override;
  /// Deletes the ports the build created, detaches the ones it claimed.
  runtime::Task<void> release(compute::Instance instance, std::string host) override;

  /// Brings every host to the plan compiled from the current state (also after changes made
  /// outside the hooks: routers, security-group rules, floating IPs). Returns the hosts that could
  /// not be wired (down), which the next rewire retries.
  runtime::Task<WiringFailures> rewire();

  [[nodiscard]] const HostWiring& wiring() const noexcept { return wiring_; }

 private:
  /// Waits until a sync that started after change number `generation` has finished, and gives
  /// its failures (or rethrows its error).
  struct SyncAwaiter {
    NetworkBuildHooks& hooks;
    std::uint64_t generation;
    std::coroutine_handle<> handle{};
    WiringFailures failures{};
    std::exception_ptr error{};
    bool await_ready() const noexcept { return hooks.synced_ >= generation; }
    void await_suspend(std::coroutine_handle<> self) {
      handle = self;
      hooks.waiters_.push_back(this);
    }
    WiringFailures await_resume() const {
      if (error) std::rethrow_exception(error);
      return failures;
    }
  };

  [[nodiscard]] std::vector<InstancePortRequest> port_requests(const compute::Instance& instance);
  [[nodiscard]] std::vector<std::string> security_group_ids(const compute::Instance& instance);
  /// Rewires, and throws Nova's VirtualInterfaceCreateException if `host` could not be wired.
  runtime::Task<void> wire(std::string host);

  NetworkService& service_;
  runtime::NetworkDriver& driver_;
  HostWiring wiring_;
  std::uint64_t changes_ = 0;  // rewires requested
  std::uint64_t synced_ = 0;   // the last change a finished sync covered
  bool syncing_ = false;
  std::vector<SyncAwaiter*> waiters_;  // suspended in their coroutine frames
};

/// The VM and DHCP ports the compiled plan plugs into `host`'s integration bridge: what a
/// reconciler expects to find there (compute::ComputeExpectedState's ports).
[[nodiscard]] std::vector<runtime::PortSpec> expected_vif_ports(NetworkService& service,
                                                                const std::string& host);

}  // namespace stacksim::network
