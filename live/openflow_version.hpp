#pragma once
// Which OpenFlow version a table needs on the wire: ovs-ofctl speaks OpenFlow 1.0 unless told
// otherwise, and 1.0 has neither several tables nor goto_table.

#include "core/runtime/network_driver.hpp"

namespace stacksim::live {

/// Multi-table pipelines (goto_table, a table other than 0) need OpenFlow 1.3 on the wire.
[[nodiscard]] bool needs_openflow13(const runtime::FlowTable& table);

}  // namespace stacksim::live
