#include "core/scheduler/extra_specs_ops.hpp"

#include <algorithm>

#include "core/scheduler/python_text.hpp"

namespace stacksim::scheduler {

ExtraSpecMatcher::ExtraSpecMatcher(std::string spec) : spec_(std::move(spec)) {
  const std::vector<std::string_view> words = python_split(spec_);
  if (words.empty()) return;  // the whole spec must equal the value
  const std::string_view first = words.front();
  static constexpr std::pair<std::string_view, Op> kOps[] = {
      {"=", Op::ge},  // "=" means "at least", not equality
      {"<in>", Op::in}, {"<all-in>", Op::all_in}, {"==", Op::eq},    {"!=", Op::ne},
      {">=", Op::ge},   {"<=", Op::le},           {"s==", Op::s_eq}, {"s!=", Op::s_ne},
      {"s<", Op::s_lt}, {"s<=", Op::s_le},        {"s>", Op::s_gt},  {"s>=", Op::s_ge}};
  if (first == "<or>") {
    // "<or> v1 <or> v2": every other word after the first is an alternative.
    op_ = words.size() < 2 ? Op::never : Op::or_list;
    for (std::size_t i = 1; i < words.size(); i += 2)
      args_.emplace_back(words[i]);
    return;
  }
  const auto* it = std::find_if(std::begin(kOps), std::end(kOps),
                                [&](const auto& entry) { return entry.first == first; });
  if (it == std::end(kOps)) return;
  if (words.size() < 2) {
    op_ = Op::never;  // an operator without an argument gives false
    return;
  }
  op_ = it->second;
  for (std::size_t i = 1; i < words.size(); ++i)
    args_.emplace_back(words[i]);
  number_ = python_float(args_.front());
}

bool ExtraSpecMatcher::matches(std::string_view value) const {
  const auto numeric = [&](auto cmp) {
    if (!number_) return false;
    const std::optional<double> x = python_float(value);
    return x && cmp(*x, *number_);
  };
  switch (op_) {
    case Op::equals_spec:
      return value == spec_;
    case Op::never:
      return false;
    case Op::or_list:
      return std::find(args_.begin(), args_.end(), value) != args_.end();
    case Op::ge:
      return numeric([](double x, double y) { return x >= y; });
    case Op::le:
      return numeric([](double x, double y) { return x <= y; });
    case Op::eq:
      return numeric([](double x, double y) { return x == y; });
    case Op::ne:
      return numeric([](double x, double y) { return x != y; });
    case Op::in:
      return value.find(args_.front()) != std::string_view::npos;
    case Op::all_in:
      return std::all_of(args_.begin(), args_.end(), [&](const std::string& w) {
        return value.find(w) != std::string_view::npos;
      });
    case Op::s_eq:
      return value == args_.front();
    case Op::s_ne:
      return value != args_.front();
    case Op::s_lt:
      return value < args_.front();
    case Op::s_le:
      return value <= args_.front();
    case Op::s_gt:
      return value > args_.front();
    case Op::s_ge:
      return value >= args_.front();
  }
  return false;
}

bool extra_spec_matches(std::string_view value, std::string_view spec) {
  return ExtraSpecMatcher(std::string(spec)).matches(value);
}

}  // namespace stacksim::scheduler
