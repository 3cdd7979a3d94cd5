#include "core/network/flow_text.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

namespace stacksim::network {
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

FlowRule make_rule(int table, int priority, std::vector<std::pair<std::string, std::string>> match,
                   std::vector<std::string> actions) {
  FlowRule r;
  r.table = static_cast<std::uint8_t>(table);
  r.priority = static_cast<std::uint16_t>(priority);
  for (auto& [k, v] : match)
    r.match[std::move(k)] = std::move(v);
  r.actions = std::move(actions);
  return r;
}

std::string to_ofctl(const FlowRule& rule) {
  std::string out =
      "table=" + std::to_string(rule.table) + ",priority=" + std::to_string(rule.priority);
  if (rule.cookie != 0) out += ",cookie=" + hex(rule.cookie);
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

void sort_rules(FlowTable& table) {
  std::vector<std::pair<std::string, FlowRule>> keyed;
  keyed.reserve(table.rules.size());
  for (FlowRule& r : table.rules)
    keyed.emplace_back(to_ofctl(r), std::move(r));
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (a.second.table != b.second.table) return a.second.table < b.second.table;
    if (a.second.priority != b.second.priority) return a.second.priority > b.second.priority;
    return a.first < b.first;
  });
  table.rules.clear();
  for (auto& [text, r] : keyed)
    table.rules.push_back(std::move(r));
}

std::string to_ofctl(const FlowTable& table) {
  std::string out;
  for (const FlowRule& r : table.rules)
    out += to_ofctl(r) + "\n";
  return out;
}

std::string hex(unsigned long long value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", value);
  return buffer;
}

std::string resubmit(int table) {
  return "resubmit(," + std::to_string(table) + ")";
}
std::string output(int ofport) {
  return "output:" + std::to_string(ofport);
}

}  // namespace stacksim::network
