#pragma once
// FlowRule <-> ovs-ofctl text. A rule renders as "table=T,priority=P,<match>,actions=<actions>"
// which `ovs-ofctl add-flow BRIDGE '<text>'` accepts verbatim. Protocol shorthands (ip, ipv6, arp,
// tcp, udp, icmp, tcp6, udp6, icmp6) are match keys with an empty value and come first.

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/runtime/network_driver.hpp"

namespace stacksim::network {

using runtime::FlowRule;
using runtime::FlowTable;

/// Builds a rule; `match` pairs with an empty value are protocol shorthands.
[[nodiscard]] FlowRule make_rule(int table, int priority,
                                 std::vector<std::pair<std::string, std::string>> match,
                                 std::vector<std::string> actions);

/// The rule as ovs-ofctl add-flow text (cookie shown only when set).
[[nodiscard]] std::string to_ofctl(const FlowRule& rule);
/// Every rule of the table, one per line, in table then priority (descending) order.
[[nodiscard]] std::string to_ofctl(const FlowTable& table);
/// Sorts rules by table, then priority (highest first), then text: the order ovs-ofctl
/// dump-flows --sort would show and the order golden files use.
void sort_rules(FlowTable& table);

// Helpers for values in ovs-ofctl syntax.
[[nodiscard]] std::string hex(unsigned long long value);
[[nodiscard]] std::string resubmit(int table);
[[nodiscard]] std::string output(int ofport);

}  // namespace stacksim::network
