#pragma once
// A storage pool as Cinder's scheduler sees it (cinder.scheduler.host_manager.PoolState): the
// capacity a volume driver reports (total, free, provisioned, reserved percentage, thin or thick
// provisioning and the over-subscription ratio), its availability zone and its capabilities - the
// pool's stats plus the backend's own (volume_backend_name, multiattach, vendor keys), which
// CapabilitiesFilter matches against volume type extra specs.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace stacksim::volume {

/// A capability as a driver reports it: Python bool, int, float, str or list of str. The type
/// matters: "<is> True" reads bools, "==" reads numbers, a bare value compares strings only.
using CapabilityValue =
    std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>>;

struct PoolState {
  /// Cinder's pool address "host@backend#pool" (the volume's os-vol-host-attr:host).
  std::string name;
  std::string volume_backend_name;
  std::string availability_zone = "nova";
  /// The StorageDriver endpoint holding the pool's volumes (a storage node of the backend).
  std::string storage_endpoint;
  double total_capacity_gb = 0;
  double free_capacity_gb = 0;
  double allocated_capacity_gb = 0;
  double provisioned_capacity_gb = 0;
  int reserved_percentage = 0;
  bool thin_provisioning_support = false;
  bool thick_provisioning_support = true;
  double max_over_subscription_ratio = 20.0;
  std::int64_t total_iops = 0;
  bool multiattach = false;
  /// Further capabilities (storage_protocol, vendor_name, QoS_support, custom keys).
  std::map<std::string, CapabilityValue> capabilities;

  /// A capability by name: the pool's stats under Cinder's key names, then `capabilities`.
  [[nodiscard]] std::optional<CapabilityValue> capability(const std::string& key) const;
};

}  // namespace stacksim::volume
