#pragma once
// nova.scheduler.filters.extra_specs_ops.match: the operator language of flavor extra specs
// ("= 4", "s== a100", "<in> avx", "<or> a <or> b", ...), shared by ComputeCapabilitiesFilter and
// AggregateInstanceExtraSpecsFilter. A spec is parsed once and matched against many hosts.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacksim::scheduler {

class ExtraSpecMatcher {
 public:
  explicit ExtraSpecMatcher(std::string spec);

  /// match(value, spec) exactly as Nova evaluates it. Where Nova would raise (a numeric operator
  /// on a value float() rejects, "<or>" without an operand) the host fails the spec instead.
  [[nodiscard]] bool matches(std::string_view value) const;

 private:
  enum class Op {
    equals_spec,
    or_list,
    ge,
    le,
    eq,
    ne,
    in,
    all_in,
    s_eq,
    s_ne,
    s_lt,
    s_le,
    s_gt,
    s_ge,
    never
  };
  std::string spec_;
  Op op_ = Op::equals_spec;
  std::vector<std::string> args_;
  std::optional<double> number_;  // float(first argument), for the numeric operators
};

/// One-off form of ExtraSpecMatcher(spec).matches(value).
bool extra_spec_matches(std::string_view value, std::string_view spec);

}  // namespace stacksim::scheduler
