#pragma once
// Segmentation ID pools per network type, as ML2's type drivers keep them: VLAN IDs per physical
// network (network_vlan_ranges), VXLAN VNIs (vni_ranges), GRE keys (tunnel_id_ranges). Tenant
// networks take the lowest free ID of the configured ranges; provider networks may ask for any ID
// in the type's valid range, inside or outside the tenant ranges, as long as it is free. A flat
// physical network carries one network at most.

#include <cstdint>
#include <optional>
#include <string>

#include "core/network/network_config.hpp"
#include "core/store/database.hpp"

namespace stacksim::network {

struct Segment {
  NetworkType network_type = NetworkType::vxlan;
  std::string physical_network;                 // flat and vlan only
  std::optional<std::int64_t> segmentation_id;  // unset for flat
};

class SegmentationPool {
 public:
  SegmentationPool(store::Database& db, const NetworkConfig& config) : db_(db), config_(config) {}

  /// Reserves a segment of `type` for a tenant network. Throws NoNetworkAvailable when every
  /// configured range is in use.
  Segment allocate_tenant_segment(NetworkType type, const std::string& network_id);
  /// Validates and reserves a provider segment (Neutron's InvalidInput, VlanIdInUse,
  /// TunnelIdInUse, FlatNetworkInUse).
  Segment reserve_provider_segment(const Segment& requested, const std::string& network_id);
  /// Returns the network's segment to its pool.
  void release(const std::string& network_id);

 private:
  bool in_use(const Segment& s);
  void record(const Segment& s, const std::string& network_id);
  std::optional<std::int64_t> lowest_free(NetworkType type, const std::string& physical_network,
                                          std::int64_t min, std::int64_t max);

  store::Database& db_;
  const NetworkConfig& config_;
};

}  // namespace stacksim::network
