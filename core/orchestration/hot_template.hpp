#pragma once
// A HOT (Heat Orchestration Template): version, parameters with types, defaults and constraints,
// resources (type, properties, depends_on) and outputs. parse_template checks the structure; the
// references between resources are checked by DependencyGraph, property names by the plugins.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacksim::orchestration {

enum class ParameterType { string, number, json, comma_delimited_list, boolean };

struct ParameterConstraint {
  enum class Kind { range, length, allowed_values, allowed_pattern };
  Kind kind = Kind::range;
  std::optional<double> min;  // range and length
  std::optional<double> max;
  std::vector<nlohmann::json> allowed_values;
  std::string allowed_pattern;
  std::string description;  // replaces the default message when set
};

struct ParameterDefinition {
  std::string name;
  ParameterType type = ParameterType::string;
  std::optional<nlohmann::json> default_value;
  std::string label;
  std::string description;
  bool hidden = false;
  std::vector<ParameterConstraint> constraints;
};

struct ResourceDefinition {
  std::string name;
  std::string type;
  nlohmann::json properties = nlohmann::json::object();
  std::vector<std::string> depends_on;
};

struct OutputDefinition {
  std::string name;
  std::string description;
  nlohmann::json value;
};

struct HotTemplate {
  std::string version;
  std::string description;
  std::vector<ParameterDefinition> parameters;
  std::vector<ResourceDefinition> resources;  // sorted by name
  std::vector<OutputDefinition> outputs;

  [[nodiscard]] const ResourceDefinition* find_resource(std::string_view name) const;
  [[nodiscard]] const ParameterDefinition* find_parameter(std::string_view name) const;
};

/// Parses YAML text. Throws TemplateError naming `source` and the template path of the problem.
HotTemplate parse_template(std::string_view text, const std::string& source);
/// The same from an already parsed document (`source` names it in errors).
HotTemplate parse_template_document(const nlohmann::json& document, const std::string& source);

}  // namespace stacksim::orchestration
