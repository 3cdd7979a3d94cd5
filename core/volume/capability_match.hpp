#pragma once
// cinder.scheduler.filters.extra_specs_ops.match on a typed capability. Cinder's operators are
// Nova's (core/scheduler/extra_specs_ops) without "<all-in>" and with "<is>" (both sides through
// oslo's bool_from_string), and they see the capability's Python value, not its str(): "==" reads
// a bool as 1.0, a bare spec equals only a string, "s!=" holds for every non-string. Where Python
// would raise (a str operator on a number) the pool fails the spec.

#include <string_view>

#include "core/volume/pool_state.hpp"

namespace stacksim::volume {

/// oslo_utils.strutils.bool_from_string(value) (non-strict): "1", "t", "true", "on", "y", "yes".
bool bool_from_string(const CapabilityValue& value);

/// match(value, req) for one value; a list capability matches if any element does.
bool capability_matches(const CapabilityValue& value, std::string_view req);

}  // namespace stacksim::volume
