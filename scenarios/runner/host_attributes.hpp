#pragma once
// Attribute constraints against a host: its class's properties (aggregate metadata, traits) plus
// availability_zone, rack and hostname. Values compare as numbers when both sides are
// numbers, else as text.

#include "scenarios/runner/host_pool.hpp"
#include "scenarios/traces/trace_request.hpp"

namespace stacksim::scenarios {

bool host_attribute_matches(const HostPool::HostInfo& host, const PlacementConstraint& c);

}  // namespace stacksim::scenarios
