#pragma once
// The hypervisor driver of one simulated host: instances with Nova power states, boots that fetch
// the image over the flow network unless cached, live (pre-copy) and cold migration as flows,
// snapshots uploaded as flows, and the host's power draw and energy.
//
// Physical limits the scheduler does not see are enforced here: an instance's disks (root,
// ephemeral, swap) take space on the host's Disk, so a spawn or migration onto a full disk fails
// with DiskFullError; a down host refuses every operation. Running instances demand
// vcpus x utilisation cores (flavor extra spec "stacksim:cpu_utilisation", default 1, or
// set_cpu_demand); when demand exceeds the host's cores they get max-min fair shares
// (cpu_contention.hpp). Each instance's cpu_time integrates its granted cores, so telemetry's
// cpu_util is below the demand under overcommit, and the host's power utilisation is the busy
// fraction of its cores.

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
  /// The fraction of its vCPUs a running instance tries to use, in [0, 1].
  void set_cpu_demand(const std::string& uuid, double utilisation);
  /// Cores granted to the instance now (0 unless running).
  [[nodiscard]] double cpu_granted(const std::string& uuid) const;

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
    double cpu_demand = 1;   // utilisation of its vCPUs it asks for while running
    double cpu_granted = 0;  // cores it gets now
    double cpu_seconds = 0;  // CPU time up to cpu_since_
  };

  Instance& find(const std::string& uuid);
  [[nodiscard]] const Instance& find(const std::string& uuid) const;
  void require_up() const;
  /// Re-shares the cores among running instances after a change (CPU time accrues first) and
  /// updates the power model's utilisation.
  void update_utilisation();
  void accrue_cpu_time();
  /// The copy of a migration: pre-copy rounds of memory (live) or the disks (cold).
  runtime::Task<runtime::MigrationStats> copy_for_migration(std::string uuid,
                                                            runtime::InstanceSpec instance,
                                                            std::vector<LinkId> route, bool live);
  [[nodiscard]] runtime::InstanceInfo info(const std::string& uuid, const Instance& instance) const;
  [[nodiscard]] static double instance_disk_bytes(const runtime::InstanceSpec& spec);
  [[nodiscard]] static std::string disk_owner(const std::string& uuid);

  SimulatedBackend& backend_;
  std::string host_;
  NodeId node_;
  HostCapacity capacity_;
  bool up_ = true;
  std::map<std::string, Instance> instances_;
  ImageCache cache_;
  HostPower power_;
  runtime::TimePoint cpu_since_;  // instances' cpu_seconds are exact up to here
};

}  // namespace stacksim::sim
