#pragma once
// FlowRule -> ovs-ofctl text: "table=T,priority=P[,cookie=C],<match>,actions=<actions>", which
// `ovs-ofctl add-flow BRIDGE '<text>'` (or add-flows with one rule per line) accepts verbatim.
// Protocol shorthands (ip, ipv6, arp, tcp, udp, icmp, tcp6, udp6, icmp6) are match keys with an
// empty value and come first. The network service's golden tables and the live OVS driver share
// this one rendering, so what the simulator evaluates is what live hosts install.

#include <string>

#include "core/runtime/network_driver.hpp"

namespace stacksim::runtime {

/// The rule as ovs-ofctl add-flow text (cookie shown only when set; no actions: drop).
[[nodiscard]] std::string to_ofctl(const FlowRule& rule);
/// Every rule of the table, one per line, in the table's order.
[[nodiscard]] std::string to_ofctl(const FlowTable& table);

}  // namespace stacksim::runtime
