#include "core/network/network_config.hpp"

#include <charconv>
#include <stdexcept>

namespace stacksim::network {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

std::int64_t parse_number(std::string_view text, std::string_view option, std::string_view entry) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(std::string(option) + ": '" + std::string(entry) +
                                "' is not a valid range (expected MIN:MAX)");
  }
  return value;
}

std::vector<std::string_view> entries(std::string_view text) {
  std::vector<std::string_view> out;
  if (trim(text).empty()) return out;
  for (std::string_view e : split(text, ','))
    out.push_back(trim(e));
  return out;
}

}  // namespace

const char* to_string(NetworkType type) noexcept {
  switch (type) {
    case NetworkType::flat:
      return "flat";
    case NetworkType::vlan:
      return "vlan";
    case NetworkType::vxlan:
      return "vxlan";
    case NetworkType::gre:
      return "gre";
  }
  return "unknown";
}

std::optional<NetworkType> network_type_from_string(const std::string& name) {
  for (NetworkType t : {NetworkType::flat, NetworkType::vlan, NetworkType::vxlan, NetworkType::gre})
    if (name == to_string(t)) return t;
  return std::nullopt;
}

std::vector<VlanRange> parse_vlan_ranges(std::string_view text) {
  std::vector<VlanRange> out;
  for (std::string_view entry : entries(text)) {
    const auto parts = split(entry, ':');
    if (parts.empty() || parts[0].empty() || (parts.size() != 1 && parts.size() != 3)) {
      throw std::invalid_argument("network_vlan_ranges: '" + std::string(entry) +
                                  "' is not PHYSNET or PHYSNET:MIN:MAX");
    }
    VlanRange r{std::string(parts[0]), std::nullopt, std::nullopt};
    if (parts.size() == 3) {
      r.min = parse_number(parts[1], "network_vlan_ranges", entry);
      r.max = parse_number(parts[2], "network_vlan_ranges", entry);
      if (*r.min < 1 || *r.max > 4094 || *r.min > *r.max) {
        throw std::invalid_argument("network_vlan_ranges: '" + std::string(entry) +
                                    "' is not a valid VLAN range within 1..4094");
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<IdRange> parse_id_ranges(std::string_view text, std::string_view option) {
  std::vector<IdRange> out;
  for (std::string_view entry : entries(text)) {
    const auto parts = split(entry, ':');
    if (parts.size() != 2) {
      throw std::invalid_argument(std::string(option) + ": '" + std::string(entry) +
                                  "' is not a valid range (expected MIN:MAX)");
    }
    IdRange r{parse_number(parts[0], option, entry), parse_number(parts[1], option, entry)};
    if (r.min < 1 || r.min > r.max || r.max > 0xFFFFFF) {
      throw std::invalid_argument(std::string(option) + ": '" + std::string(entry) +
                                  "' is not a valid range within 1..16777215");
    }
    out.push_back(r);
  }
  return out;
}

std::vector<BridgeMapping> parse_bridge_mappings(std::string_view text) {
  std::vector<BridgeMapping> out;
  for (std::string_view entry : entries(text)) {
    const auto parts = split(entry, ':');
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
      throw std::invalid_argument("bridge_mappings: '" + std::string(entry) +
                                  "' is not PHYSNET:BRIDGE:UPLINK");
    }
    out.push_back({std::string(parts[0]), std::string(parts[1]), std::string(parts[2])});
  }
  return out;
}

int encapsulation_overhead(NetworkType type) noexcept {
  switch (type) {
    case NetworkType::vxlan:
      return 50;  // outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8
    case NetworkType::gre:
      return 42;  // outer Ethernet 14 + IPv4 20 + GRE with key 8
    case NetworkType::vlan:
      return 4;  // 802.1Q tag
    case NetworkType::flat:
      return 0;
  }
  return 0;
}

int network_mtu(const NetworkConfig& config, NetworkType type) noexcept {
  // Neutron's overheads (VXLAN 30 + IPv4 20, GRE 22 + IPv4 20): 1450 and 1458 on a 1500 underlay.
  if (is_tunnelled(type)) return config.path_mtu - encapsulation_overhead(type);
  return config.global_physnet_mtu;
}

}  // namespace stacksim::network
