#include "core/network/segmentation_pool.hpp"

#include <algorithm>

#include "core/network/network_error.hpp"

namespace stacksim::network {
namespace {

constexpr std::int64_t max_vlan = 4094;
constexpr std::int64_t max_tunnel_id = 0xFFFFFF;  // 24-bit VNI; GRE keys are kept to the same range

bool physnet_allowed_flat(const NetworkConfig& config, const std::string& physnet) {
  return std::any_of(config.flat_networks.begin(), config.flat_networks.end(),
                     [&](const std::string& n) { return n == "*" || n == physnet; });
}

bool physnet_known_vlan(const NetworkConfig& config, const std::string& physnet) {
  return std::any_of(config.network_vlan_ranges.begin(), config.network_vlan_ranges.end(),
                     [&](const VlanRange& r) { return r.physical_network == physnet; });
}

}  // namespace

bool SegmentationPool::in_use(const Segment& s) {
  store::Statement& q = db_.cached(
      "SELECT 1 FROM network_segment_allocations WHERE network_type = ?1 AND "
      "physical_network = ?2 AND segmentation_id = ?3");
  q.bind(1, to_string(s.network_type)).bind(2, s.physical_network);
  q.bind(3, s.segmentation_id.value_or(0));
  const bool found = q.step();
  q.reset();
  return found;
}

void SegmentationPool::record(const Segment& s, const std::string& network_id) {
  db_.cached("INSERT INTO network_segment_allocations VALUES (?1, ?2, ?3, ?4)")
      .bind_all(std::string(to_string(s.network_type)), s.physical_network,
                s.segmentation_id.value_or(0), network_id)
      .execute();
}

std::optional<std::int64_t> SegmentationPool::lowest_free(NetworkType type,
                                                          const std::string& physical_network,
                                                          std::int64_t min, std::int64_t max) {
  // The first gap in the ordered allocations inside [min, max].
  store::Statement& q = db_.cached(
      "SELECT segmentation_id FROM network_segment_allocations WHERE network_type = ?1 AND "
      "physical_network = ?2 AND segmentation_id BETWEEN ?3 AND ?4 ORDER BY segmentation_id");
  q.bind(1, to_string(type)).bind(2, physical_network).bind(3, min).bind(4, max);
  std::int64_t candidate = min;
  while (q.step() && q.column_int64(0) == candidate)
    ++candidate;
  q.reset();
  if (candidate > max) return std::nullopt;
  return candidate;
}

Segment SegmentationPool::allocate_tenant_segment(NetworkType type, const std::string& network_id) {
  if (type == NetworkType::flat) throw no_network_available();  // flat is provider-only
  if (type == NetworkType::vlan) {
    for (const VlanRange& r : config_.network_vlan_ranges) {
      if (!r.min) continue;
      if (auto id = lowest_free(type, r.physical_network, *r.min, *r.max)) {
        Segment s{type, r.physical_network, id};
        record(s, network_id);
        return s;
      }
    }
    throw no_network_available();
  }
  const auto& ranges = type == NetworkType::vxlan ? config_.vni_ranges : config_.tunnel_id_ranges;
  for (const IdRange& r : ranges) {
    if (auto id = lowest_free(type, "", r.min, r.max)) {
      Segment s{type, "", id};
      record(s, network_id);
      return s;
    }
  }
  throw no_network_available();
}

Segment SegmentationPool::reserve_provider_segment(const Segment& requested,
                                                   const std::string& network_id) {
  Segment s = requested;
  switch (s.network_type) {
    case NetworkType::flat:
      if (s.segmentation_id) {
        throw invalid_input("provider:segmentation_id specified for flat network");
      }
      if (s.physical_network.empty()) {
        throw invalid_input("provider:physical_network required for flat provider network");
      }
      if (!physnet_allowed_flat(config_, s.physical_network)) {
        throw invalid_input("physical_network '" + s.physical_network +
                            "' unknown for flat provider network");
      }
      if (in_use(s)) {
        throw conflict("FlatNetworkInUse", "Unable to create the flat network. Physical network " +
                                               s.physical_network + " is in use.");
      }
      break;
    case NetworkType::vlan:
      if (s.physical_network.empty()) {
        throw invalid_input("provider:physical_network required for VLAN provider network");
      }
      if (!physnet_known_vlan(config_, s.physical_network)) {
        throw invalid_input("physical_network '" + s.physical_network +
                            "' unknown for VLAN provider network");
      }
      if (!s.segmentation_id) {
        // A physical network without a segmentation ID: the lowest free tag of its ranges.
        for (const VlanRange& r : config_.network_vlan_ranges) {
          if (r.physical_network != s.physical_network || !r.min) continue;
          if ((s.segmentation_id = lowest_free(s.network_type, s.physical_network, *r.min, *r.max)))
            break;
        }
        if (!s.segmentation_id) throw no_network_available();
      } else if (*s.segmentation_id < 1 || *s.segmentation_id > max_vlan) {
        throw invalid_input("segmentation_id out of range (1 through 4094)");
      }
      if (in_use(s)) {
        throw conflict("VlanIdInUse", "Unable to create the network. The VLAN " +
                                          std::to_string(*s.segmentation_id) +
                                          " on physical network " + s.physical_network +
                                          " is in use.");
      }
      break;
    case NetworkType::vxlan:
    case NetworkType::gre:
      if (!s.physical_network.empty()) {
        throw invalid_input("provider:physical_network specified for " +
                            std::string(to_string(s.network_type)) + " network");
      }
      if (!s.segmentation_id) return allocate_tenant_segment(s.network_type, network_id);
      if (*s.segmentation_id < 1 || *s.segmentation_id > max_tunnel_id) {
        throw invalid_input(std::string(to_string(s.network_type)) +
                            " segmentation_id out of range (1 through 16777215)");
      }
      if (in_use(s)) {
        throw conflict("TunnelIdInUse", "Unable to create the network. The tunnel ID " +
                                            std::to_string(*s.segmentation_id) + " is in use.");
      }
      break;
  }
  record(s, network_id);
  return s;
}

void SegmentationPool::release(const std::string& network_id) {
  db_.cached("DELETE FROM network_segment_allocations WHERE network_id = ?1")
      .bind(1, network_id)
      .execute();
}

}  // namespace stacksim::network
