#pragma once
// The simulated datacenter as a runtime::Backend: a topology routed by ECMP, the flow network,
// one SimulatedHypervisor per host, network and storage drivers, and the fault injector whose
// events reach the control plane's subscribers. The control plane drives it with coroutines on
// the Simulator exactly as it would drive live hosts.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/backend.hpp"
#include "sim/backend/simulated_hypervisor.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/models/disk.hpp"
#include "sim/models/ecmp_routing.hpp"
#include "sim/models/fault_injector.hpp"
#include "sim/models/live_migration.hpp"
#include "sim/models/topology.hpp"

namespace stacksim::sim {

struct SimulatedDatacenter {
  Topology topology;
  HostCapacity host_capacity;
  DiskSpec host_disk;  // every host's local disk (instance disks, cached images, local volumes)
  /// Disks of other nodes (storage backends) or of hosts that differ from host_disk, by node name.
  std::map<std::string, DiskSpec, std::less<>> disks;
  /// Hosts whose capacity differs from host_capacity (scenarios' host classes).
  std::map<std::string, HostCapacity, std::less<>> host_capacities;
  std::string image_store;  // host serving images (and receiving snapshots); default: first host
  DelayDistribution boot_delay{.family = DelayDistribution::Family::constant, .value_s = 20};
  double control_latency_s = 0.5;        // power operations, attach, bridge/port changes
  double dirty_rate_bytes_per_s = 50e6;  // guest memory dirtying during live migration
  LiveMigrationSpec migration;           // threshold, max rounds, switchover, cap
  PowerProfile power;
  /// Hosts whose power profile differs from `power` (scenarios' host classes).
  std::map<std::string, PowerProfile, std::less<>> host_power;
  std::uint64_t seed = 1;

  [[nodiscard]] const PowerProfile& power_of(std::string_view host) const {
    const auto own = host_power.find(host);
    return own == host_power.end() ? power : own->second;
  }
};

class SimulatedBackend final : public runtime::Backend {
 public:
  SimulatedBackend(Simulator& simulator, SimulatedDatacenter datacenter);
  ~SimulatedBackend() override;

  [[nodiscard]] runtime::Executor& executor() noexcept override { return simulator_; }
  [[nodiscard]] std::vector<std::string> hosts() const override;
  runtime::HypervisorDriver& hypervisor(std::string_view host) override;
  runtime::NetworkDriver& network() override;
  runtime::StorageDriver& storage() override;
  void subscribe(runtime::BackendEventSink sink) override;

  [[nodiscard]] Simulator& simulator() noexcept { return simulator_; }
  [[nodiscard]] FlowNetwork& flows() noexcept { return network_; }
  [[nodiscard]] const Topology& topology() const noexcept { return datacenter_.topology; }
  [[nodiscard]] const SimulatedDatacenter& datacenter() const noexcept { return datacenter_; }
  [[nodiscard]] FaultInjector& faults() noexcept { return faults_; }
  [[nodiscard]] RandomStreams& random() noexcept { return streams_; }
  SimulatedHypervisor& simulated_host(std::string_view host);
  /// The disk of a host or storage backend; throws std::out_of_range naming a node without one.
  Disk& disk(std::string_view node);

  /// ECMP route between two endpoints (host names); a new flow id each call spreads flows.
  std::vector<LinkId> route(std::string_view from, std::string_view to);
  /// Disk to disk: `from`'s disk read channel, the ECMP route, `to`'s disk write channel.
  std::vector<LinkId> disk_route(std::string_view from, std::string_view to);
  void emit(runtime::BackendEvent event);

 private:
  void apply_fault(const Component& component, bool up);

  Simulator& simulator_;
  SimulatedDatacenter datacenter_;
  FlowNetwork network_;
  EcmpRouting routing_;
  RandomStreams streams_;
  FaultInjector faults_;
  std::map<std::string, Disk, std::less<>> disks_;
  std::map<std::string, std::unique_ptr<SimulatedHypervisor>, std::less<>> hypervisors_;
  std::unique_ptr<runtime::NetworkDriver> network_driver_;
  std::unique_ptr<runtime::StorageDriver> storage_driver_;
  std::vector<runtime::BackendEventSink> sinks_;
  std::uint64_t next_flow_ = 0;
};

}  // namespace stacksim::sim
