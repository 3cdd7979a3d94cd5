#pragma once
// nova.scheduler.filters.extra_specs_ops.match: the operator language of flavor extra specs
// ("= 4", "s== a100", "<in> avx", "<or> a <or> b", ...), shared by ComputeCapabilitiesFilter and
// AggregateInstanceExtraSpecsFilter.

#include <string_view>

namespace stacksim::scheduler {

/// match(value, spec) exactly as Nova evaluates it. Where Nova would raise (a numeric operator on
/// a value float() rejects, "<or>" without an operand) the host fails the spec instead.
bool extra_spec_matches(std::string_view value, std::string_view spec);

}  // namespace stacksim::scheduler
