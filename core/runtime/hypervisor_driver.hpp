#pragma once
// The per-host hypervisor driver, shaped like Nova's virt driver. The simulated backend implements
// it on modelled hosts; the live backend on libvirt. Coroutine parameters are taken by value
// because tasks start lazily and must not hold references to a caller's temporaries.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/runtime/task.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::runtime {

/// Nova's power_state values.
enum class PowerState : int {
  no_state = 0,
  running = 1,
  paused = 3,
  shutdown = 4,
  crashed = 6,
  suspended = 7,
};

struct HostInfo {
  std::string name;
  int vcpus = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_gb = 0;
  std::string cpu_arch = "x86_64";
  std::string hypervisor_type = "QEMU";
  std::int64_t hypervisor_version = 0;
  bool up = true;
};

struct NicSpec {
  std::string port_id;
  std::string mac_address;
  std::string network_id;
  std::string bridge;  // integration bridge the NIC plugs into
};

struct VolumeConnection {
  std::string volume_id;
  std::string device_name;  // e.g. /dev/vdb
  std::string target;       // backend-specific connection target
  std::int64_t size_gb = 0;
};

struct ImageRef {
  std::string id;
  std::int64_t size_bytes = 0;
  std::string disk_format = "qcow2";
  std::string source_host;  // where the image is served from (image store)
};

/// Everything a driver needs to create an instance (Nova builds it from flavor + image + ports).
struct InstanceSpec {
  std::string uuid;
  std::string name;
  int vcpus = 1;
  std::int64_t memory_mb = 512;
  std::int64_t root_gb = 0;
  std::int64_t ephemeral_gb = 0;
  std::int64_t swap_mb = 0;
  ImageRef image;
  std::vector<NicSpec> nics;
  std::vector<VolumeConnection> volumes;
  std::map<std::string, std::string> extra_specs;
};

struct InstanceInfo {
  std::string uuid;
  PowerState power_state = PowerState::no_state;
  int vcpus = 0;
  std::int64_t memory_mb = 0;
  Duration cpu_time{0};
};

enum class RebootType { soft, hard };

struct MigrationStats {
  Duration total_time{0};
  Duration downtime{0};
  std::int64_t bytes_transferred = 0;
  int rounds = 0;
};

class HypervisorDriver {
 public:
  HypervisorDriver() = default;
  HypervisorDriver(const HypervisorDriver&) = delete;
  HypervisorDriver& operator=(const HypervisorDriver&) = delete;
  virtual ~HypervisorDriver() = default;

  [[nodiscard]] virtual const std::string& host() const noexcept = 0;

  virtual Task<HostInfo> host_info() = 0;
  /// Fetches the image if the host has not cached it, then defines and boots the instance.
  virtual Task<void> spawn(InstanceSpec spec) = 0;
  virtual Task<void> destroy(std::string uuid) = 0;
  virtual Task<void> power_on(std::string uuid) = 0;
  virtual Task<void> power_off(std::string uuid) = 0;
  virtual Task<void> reboot(std::string uuid, RebootType type) = 0;
  virtual Task<void> suspend(std::string uuid) = 0;
  virtual Task<void> resume(std::string uuid) = 0;
  /// Moves the instance to `destination` (live: pre-copy while running; cold: while stopped).
  virtual Task<MigrationStats> migrate(std::string uuid, HypervisorDriver& destination,
                                       bool live) = 0;
  /// Captures the instance's disk as image `image_id`; returns its size in bytes.
  virtual Task<std::int64_t> snapshot(std::string uuid, std::string image_id) = 0;
  virtual Task<void> attach_volume(std::string uuid, VolumeConnection connection) = 0;
  virtual Task<void> detach_volume(std::string uuid, std::string volume_id) = 0;
  virtual Task<InstanceInfo> instance_info(std::string uuid) = 0;
  virtual Task<std::vector<InstanceInfo>> list_instances() = 0;
};

}  // namespace stacksim::runtime
