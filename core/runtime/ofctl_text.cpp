#include "core/runtime/ofctl_text.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

namespace stacksim::runtime {
namespace {

// The order match fields are written in (ovs-ofctl accepts any order; this one reads well).
constexpr std::array<std::string_view, 31> field_order = {
    "ip",     "ipv6",     "arp",      "tcp",      "udp",    "icmp",    "tcp6",     "udp6",
    "icmp6",  "ct_state", "in_port",  "reg0",     "reg5",   "reg6",    "reg7",     "tun_id",
    "dl_src", "dl_dst",   "dl_vlan",  "vlan_tci", "arp_op", "arp_spa", "arp_tpa",  "nw_src",
    "nw_dst", "ipv6_src", "ipv6_dst", "nw_proto", "tp_src", "tp_dst",  "icmp_type"};

std::size_t rank(const std::string& field) {
  const auto it = std::find(field_order.begin(), field_order.end(), field);
  if (field == "icmp_code") return field_order.size();
  return it == field_order.end() ? field_order.size() + 1
                                 : static_cast<std::size_t>(it - field_order.begin());
}

}  // namespace

std::string to_ofctl(const FlowRule& rule) {
  std::string out =
      "table=" + std::to_string(rule.table) + ",priority=" + std::to_string(rule.priority);
  if (rule.cookie != 0) {
    char cookie[24];
    std::snprintf(cookie, sizeof cookie, "0x%llx", static_cast<unsigned long long>(rule.cookie));
    out += ",cookie=";
    out += cookie;
  }
  std::vector<std::pair<std::string, std::string>> fields(rule.match.begin(), rule.match.end());
  std::stable_sort(fields.begin(), fields.end(),
                   [](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  for (const auto& [k, v] : fields)
    out += "," + (v.empty() ? k : k + "=" + v);
  out += ",actions=";
  if (rule.actions.empty()) return out + "drop";
  for (std::size_t i = 0; i < rule.actions.size(); ++i)
    out += (i > 0 ? "," : "") + rule.actions[i];
  return out;
}

std::string to_ofctl(const FlowTable& table) {
  std::string out;
  for (const FlowRule& r : table.rules)
    out += to_ofctl(r) + "\n";
  return out;
}

}  // namespace stacksim::runtime
