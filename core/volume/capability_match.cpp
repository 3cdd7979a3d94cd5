#include "core/volume/capability_match.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "core/scheduler/extra_specs_ops.hpp"
#include "core/scheduler/python_text.hpp"

namespace stacksim::volume {
namespace {

bool text_is_true(std::string_view text) {
  std::string lower(scheduler::python_strip(text));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 6> truthy = {"1", "t", "true", "on", "y", "yes"};
  return std::find(truthy.begin(), truthy.end(), lower) != truthy.end();
}

/// float(value) for the non-string capabilities.
std::optional<double> as_number(const CapabilityValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? 1.0 : 0.0;
  if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (const double* d = std::get_if<double>(&value)) return *d;
  return std::nullopt;
}

bool scalar_matches(const CapabilityValue& value, std::string_view req) {
  const std::vector<std::string_view> words = scheduler::python_split(req);
  const std::string_view op = words.empty() ? std::string_view{} : words.front();
  if (op == "<is>") {
    return words.size() >= 2 && bool_from_string(value) == text_is_true(words[1]);
  }
  if (const std::string* text = std::get_if<std::string>(&value)) {
    // "<all-in>" is Nova's only: Cinder compares the whole spec with the value.
    if (op == "<all-in>") return *text == req;
    return scheduler::extra_spec_matches(*text, req);
  }
  const std::optional<double> number = as_number(value);
  if (!number || words.size() < 2) return false;
  if (op == "s!=") return true;  // operator.ne between a number and a str
  static constexpr std::array<std::string_view, 5> numeric = {"=", "==", "!=", ">=", "<="};
  if (std::find(numeric.begin(), numeric.end(), op) == numeric.end()) return false;
  const std::optional<double> operand = scheduler::python_float(words[1]);
  if (!operand) return false;
  if (op == "=" || op == ">=") return *number >= *operand;
  if (op == "==") return *number == *operand;
  if (op == "!=") return *number != *operand;
  return *number <= *operand;
}

}  // namespace

bool bool_from_string(const CapabilityValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b;
  if (const std::string* text = std::get_if<std::string>(&value)) return text_is_true(*text);
  if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) return *i == 1;
  // str() of a float always has a '.', of a list a '[': never a true string.
  return false;
}

bool capability_matches(const CapabilityValue& value, std::string_view req) {
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
    return std::any_of(list->begin(), list->end(),
                       [&](const std::string& item) { return scalar_matches(item, req); });
  }
  return scalar_matches(value, req);
}

}  // namespace stacksim::volume
