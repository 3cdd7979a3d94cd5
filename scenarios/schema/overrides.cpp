#include "scenarios/schema/overrides.hpp"

#include "scenarios/scenario_error.hpp"
#include "scenarios/traces/row_fields.hpp"

namespace stacksim::scenarios {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

}  // namespace

void apply_override(nlohmann::json& scenario, const std::string& assignment) {
  const std::string where = "--set " + assignment;
  const std::size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ScenarioError(where, "", "expected key.path=value");
  }
  const std::vector<std::string> parts = split_path(assignment.substr(0, eq));
  const std::string text = assignment.substr(eq + 1);
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    value = text;  // a bare word: the string itself
  }
  nlohmann::json* node = &scenario;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) throw ScenarioError(where, "", "empty name in the key path");
    walked += "/" + part;
    const bool last = i + 1 == parts.size();
    if (node->is_array()) {
      std::int64_t index = -1;
      if (!parse_int64(part, index) || index < 0 ||
          static_cast<std::size_t>(index) >= node->size()) {
        throw ScenarioError(
            where, walked,
            "expected an index below " + std::to_string(node->size()) + " into the array");
      }
      node = &(*node)[static_cast<std::size_t>(index)];
    } else if (node->is_object() || node->is_null()) {
      if (node->is_null()) *node = nlohmann::json::object();
      node = &(*node)[part];
    } else {
      throw ScenarioError(where, walked, std::string("cannot descend into a ") + node->type_name());
    }
    if (last) *node = value;
  }
}

void apply_overrides(nlohmann::json& scenario, const std::vector<std::string>& assignments) {
  for (const auto& a : assignments)
    apply_override(scenario, a);
}

}  // namespace stacksim::scenarios
