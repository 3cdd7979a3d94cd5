#include "core/volume/pool_state.hpp"

namespace stacksim::volume {

std::optional<CapabilityValue> PoolState::capability(const std::string& key) const {
  if (key == "volume_backend_name") return volume_backend_name;
  if (key == "total_capacity_gb") return total_capacity_gb;
  if (key == "free_capacity_gb") return free_capacity_gb;
  if (key == "allocated_capacity_gb") return allocated_capacity_gb;
  if (key == "provisioned_capacity_gb") return provisioned_capacity_gb;
  if (key == "reserved_percentage") return std::int64_t{reserved_percentage};
  if (key == "thin_provisioning_support") return thin_provisioning_support;
  if (key == "thick_provisioning_support") return thick_provisioning_support;
  if (key == "max_over_subscription_ratio") return max_over_subscription_ratio;
  if (key == "total_iops") return total_iops;
  if (key == "multiattach") return multiattach;
  auto it = capabilities.find(key);
  if (it == capabilities.end()) return std::nullopt;
  return it->second;
}

}  // namespace stacksim::volume
