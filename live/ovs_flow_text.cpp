#include "live/ovs_flow_text.hpp"

#include <cstdio>

namespace stacksim::live {

std::string flow_text(const runtime::FlowRule& rule) {
  std::string out =
      "table=" + std::to_string(rule.table) + ",priority=" + std::to_string(rule.priority);
  if (rule.cookie != 0) {
    char cookie[24];
    std::snprintf(cookie, sizeof cookie, "0x%llx", static_cast<unsigned long long>(rule.cookie));
    out += ",cookie=";
    out += cookie;
  }
  for (const auto& [field, value] : rule.match) {
    out += ',';
    out += field;
    if (!value.empty()) out += "=" + value;
  }
  out += ",actions=";
  if (rule.actions.empty()) {
    out += "drop";
  } else {
    for (std::size_t i = 0; i < rule.actions.size(); ++i) {
      if (i > 0) out += ',';
      out += rule.actions[i];
    }
  }
  return out;
}

std::string flows_text(const runtime::FlowTable& table) {
  std::string out;
  for (const runtime::FlowRule& rule : table.rules)
    out += flow_text(rule) + "\n";
  return out;
}

bool needs_openflow13(const runtime::FlowTable& table) {
  for (const runtime::FlowRule& rule : table.rules) {
    if (rule.table != 0) return true;
    for (const std::string& action : rule.actions)
      if (action.starts_with("goto_table")) return true;
  }
  return false;
}

}  // namespace stacksim::live
