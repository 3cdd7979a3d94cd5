#pragma once
// The hypervisor driver of one simulated host: instances with Nova power states, boots that fetch
// the image over the flow network unless cached, live (pre-copy) and cold migration as flows,
// snapshots uploaded as flows, and the host's power draw and energy.

#include <map>
#include <string>

#include "core/runtime/hypervisor_driver.hpp"
#include "sim/models/boot_model.hpp"
#include "sim/models/power_model.hpp"
#include "sim/models/topology.hpp"

namespace stacksim::sim {

class SimulatedBackend;

/// CPU and memory; the host's disk is a Disk of the backend (SimulatedDatacenter::host_disk).
struct HostCapacity {
  int vcpus = 32;
  std::int64_t memory_mb = 131072;
};

class SimulatedHypervisor final : public runtime::HypervisorDriver {
 public:
  SimulatedHypervisor(SimulatedBackend& backend, std::string host, NodeId node,
                      HostCapacity capacity);

  [[nodiscard]] const std::string& host() const noexcept override { return host_; }
  [[nodiscard]] NodeId node() const noexcept { return node_; }
  [[nodiscard]] bool up() const noexcept { return up_; }
  [[nodiscard]] const HostPower& power() const noexcept { return power_; }
  [[nodiscard]] const ImageCache& image_cache() const noexcept { return cache_; }
  /// Host down: every instance crashes (the backend emits the events); host up: empty and on.
  void set_up(bool up);

  runtime::Task<runtime::HostInfo> host_info() override;
  runtime::Task<void> spawn(runtime::InstanceSpec spec) override;
  runtime::Task<void> destroy(std::string uuid) override;
  runtime::Task<void> power_on(std::string uuid) override;
  runtime::Task<void> power_off(std::string uuid) override;
  runtime::Task<void> reboot(std::string uuid, runtime::RebootType type) override;
  runtime::Task<void> suspend(std::string uuid) override;
  runtime::Task<void> resume(std::string uuid) override;
  runtime::Task<runtime::MigrationStats> migrate(std::string uuid,
                                                 runtime::HypervisorDriver& destination,
                                                 bool live) override;
  runtime::Task<std::int64_t> snapshot(std::string uuid, std::string image_id) override;
  runtime::Task<void> attach_volume(std::string uuid,
                                    runtime::VolumeConnection connection) override;
  runtime::Task<void> detach_volume(std::string uuid, std::string volume_id) override;
  runtime::Task<runtime::InstanceInfo> instance_info(std::string uuid) override;
  runtime::Task<std::vector<runtime::InstanceInfo>> list_instances() override;

 private:
  struct Instance {
    runtime::InstanceSpec spec;
    runtime::PowerState state = runtime::PowerState::no_state;
  };

  Instance& find(const std::string& uuid);
  void require_up() const;
  void update_utilisation();

  SimulatedBackend& backend_;
  std::string host_;
  NodeId node_;
  HostCapacity capacity_;
  bool up_ = true;
  std::map<std::string, Instance> instances_;
  ImageCache cache_;
  HostPower power_;
};

}  // namespace stacksim::sim
