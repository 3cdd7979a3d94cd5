#pragma once
// Building FlowRules and ordering tables the way golden files and `ovs-ofctl dump-flows --sort`
// show them; the rendering itself is runtime::to_ofctl (core/runtime/ofctl_text.hpp).

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/runtime/network_driver.hpp"
#include "core/runtime/ofctl_text.hpp"

namespace stacksim::network {

using runtime::FlowRule;
using runtime::FlowTable;

/// Builds a rule; `match` pairs with an empty value are protocol shorthands.
[[nodiscard]] FlowRule make_rule(int table, int priority,
                                 std::vector<std::pair<std::string, std::string>> match,
                                 std::vector<std::string> actions);

using runtime::to_ofctl;
/// Sorts rules by table, then priority (highest first), then text: the order ovs-ofctl
/// dump-flows --sort would show and the order golden files use.
void sort_rules(FlowTable& table);

// Helpers for values in ovs-ofctl syntax.
[[nodiscard]] std::string hex(unsigned long long value);
[[nodiscard]] std::string resubmit(int table);
[[nodiscard]] std::string output(int ofport);

}  // namespace stacksim::network
