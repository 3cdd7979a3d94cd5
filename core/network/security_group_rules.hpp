#pragma once
// Security-group rules: Neutron's validation (direction, ethertype, protocol names and numbers,
// port and ICMP ranges, remote prefix or group) and the protocol numbers the flow compiler matches.

#include <optional>
#include <string>

#include "core/network/resources.hpp"

namespace stacksim::network {

/// The IP protocol number of a rule's protocol (a name such as "tcp" or a number), -1 for any.
[[nodiscard]] int protocol_number(const std::optional<std::string>& protocol);

/// A validated, normalised rule (no id yet); throws Neutron's errors for bad input.
[[nodiscard]] SecurityGroupRule validated_rule(const SecurityGroupRuleRequest& request);

}  // namespace stacksim::network
