#include "core/scheduler/extra_specs_ops.hpp"

#include <functional>
#include <optional>
#include <vector>

#include "core/scheduler/python_text.hpp"

namespace stacksim::scheduler {
namespace {

enum class Op {
  ge_num,
  in,
  all_in,
  eq_num,
  ne_num,
  ge_cmp,
  le_num,
  s_eq,
  s_ne,
  s_lt,
  s_le,
  s_gt,
  s_ge
};

std::optional<Op> op_of(std::string_view word) {
  if (word == "=") return Op::ge_num;  // "=" means "at least", not equality
  if (word == "<in>") return Op::in;
  if (word == "<all-in>") return Op::all_in;
  if (word == "==") return Op::eq_num;
  if (word == "!=") return Op::ne_num;
  if (word == ">=") return Op::ge_cmp;
  if (word == "<=") return Op::le_num;
  if (word == "s==") return Op::s_eq;
  if (word == "s!=") return Op::s_ne;
  if (word == "s<") return Op::s_lt;
  if (word == "s<=") return Op::s_le;
  if (word == "s>") return Op::s_gt;
  if (word == "s>=") return Op::s_ge;
  return std::nullopt;
}

bool numeric(std::string_view value, std::string_view arg,
             const std::function<bool(double, double)>& cmp) {
  const auto x = python_float(value);
  const auto y = python_float(arg);
  return x && y && cmp(*x, *y);
}

}  // namespace

bool extra_spec_matches(std::string_view value, std::string_view spec) {
  const std::vector<std::string_view> words = python_split(spec);
  if (words.empty()) return value == spec;
  const std::string_view first = words.front();
  if (first == "<or>") {
    // "<or> v1 <or> v2": every other word after the first is an alternative.
    if (words.size() < 2) return false;
    for (std::size_t i = 1; i < words.size(); i += 2) {
      if (words[i] == value) return true;
    }
    return false;
  }
  const std::optional<Op> op = op_of(first);
  if (!op) return value == spec;
  if (words.size() < 2) return false;
  const std::string_view arg = words[1];
  switch (*op) {
    case Op::ge_num:
    case Op::ge_cmp:
      return numeric(value, arg, std::greater_equal<double>());
    case Op::le_num:
      return numeric(value, arg, std::less_equal<double>());
    case Op::eq_num:
      return numeric(value, arg, std::equal_to<double>());
    case Op::ne_num:
      return numeric(value, arg, std::not_equal_to<double>());
    case Op::in:
      return value.find(arg) != std::string_view::npos;
    case Op::all_in:
      for (std::size_t i = 1; i < words.size(); ++i) {
        if (value.find(words[i]) == std::string_view::npos) return false;
      }
      return true;
    case Op::s_eq:
      return value == arg;
    case Op::s_ne:
      return value != arg;
    case Op::s_lt:
      return value < arg;
    case Op::s_le:
      return value <= arg;
    case Op::s_gt:
      return value > arg;
    case Op::s_ge:
      return value >= arg;
  }
  return false;
}

}  // namespace stacksim::scheduler
