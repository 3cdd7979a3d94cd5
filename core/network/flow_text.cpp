#include "core/network/flow_text.hpp"

#include <algorithm>
#include <cstdio>

namespace stacksim::network {

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
