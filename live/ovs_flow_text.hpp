#pragma once
// runtime::FlowTable in ovs-ofctl's flow syntax: one line per rule, "table=..,priority=..,
// cookie=..,<match>,actions=<actions>". The simulator evaluates the same rules this text installs.

#include <string>

#include "core/runtime/network_driver.hpp"

namespace stacksim::live {

/// One rule as ovs-ofctl text. A match field with an empty value is a bare keyword ("ip", "tcp").
[[nodiscard]] std::string flow_text(const runtime::FlowRule& rule);
/// Every rule, one per line, in the table's order.
[[nodiscard]] std::string flows_text(const runtime::FlowTable& table);
/// Multi-table pipelines (goto_table, a table other than 0) need OpenFlow 1.3 on the wire.
[[nodiscard]] bool needs_openflow13(const runtime::FlowTable& table);

}  // namespace stacksim::live
