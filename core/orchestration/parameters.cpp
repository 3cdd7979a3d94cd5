#include "core/orchestration/parameters.hpp"

#include <regex>
#include <sstream>

#include "core/orchestration/template_error.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

std::string path_of(const ParameterDefinition& p) {
  return child_path("parameters", p.name);
}

json split_list(const std::string& text) {
  json out = json::array();
  if (text.empty()) return out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto first = item.find_first_not_of(' ');
    const auto last = item.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : item.substr(first, last - first + 1));
  }
  return out;
}

/// A caller's text as the parameter's type.
json from_text(const ParameterDefinition& p, const std::string& text) {
  switch (p.type) {
    case ParameterType::string:
      return text;
    case ParameterType::number: {
      std::size_t used = 0;
      try {
        const double value = std::stod(text, &used);
        if (used == text.size()) {
          if (value == static_cast<double>(static_cast<std::int64_t>(value))) {
            return static_cast<std::int64_t>(value);
          }
          return value;
        }
      } catch (const std::logic_error&) {
      }
      throw TemplateError(path_of(p), "value '" + text + "' is not a number");
    }
    case ParameterType::json:
      try {
        return json::parse(text);
      } catch (const json::parse_error&) {
        throw TemplateError(path_of(p), "value is not valid JSON");
      }
    case ParameterType::comma_delimited_list:
      return split_list(text);
    case ParameterType::boolean:
      if (text == "true" || text == "True" || text == "1" || text == "yes" || text == "on") {
        return true;
      }
      if (text == "false" || text == "False" || text == "0" || text == "no" || text == "off") {
        return false;
      }
      throw TemplateError(path_of(p), "value '" + text + "' is not a boolean");
  }
  return text;
}

/// A template default, which YAML may have typed differently (a number for a string parameter).
json from_default(const ParameterDefinition& p, const json& value) {
  const std::string where = child_path(path_of(p), "default");
  switch (p.type) {
    case ParameterType::string:
      if (value.is_string()) return value;
      if (value.is_number() || value.is_boolean()) return value.dump();
      break;
    case ParameterType::number:
      if (value.is_number()) return value;
      if (value.is_string()) return from_text(p, value.get<std::string>());
      break;
    case ParameterType::json:
      if (value.is_object() || value.is_array()) return value;
      break;
    case ParameterType::comma_delimited_list:
      if (value.is_array()) return value;
      if (value.is_string()) return split_list(value.get<std::string>());
      break;
    case ParameterType::boolean:
      if (value.is_boolean()) return value;
      if (value.is_string()) return from_text(p, value.get<std::string>());
      break;
  }
  throw TemplateError(where, "does not match the parameter's type");
}

std::string constraint_text(const ParameterConstraint& c) {
  std::ostringstream out;
  switch (c.kind) {
    case ParameterConstraint::Kind::range:
    case ParameterConstraint::Kind::length:
      out << (c.kind == ParameterConstraint::Kind::range ? "range" : "length");
      if (c.min) out << " min " << *c.min;
      if (c.max) out << " max " << *c.max;
      break;
    case ParameterConstraint::Kind::allowed_values:
      out << "allowed values " << json(c.allowed_values).dump();
      break;
    case ParameterConstraint::Kind::allowed_pattern:
      out << "pattern '" << c.allowed_pattern << "'";
      break;
  }
  return out.str();
}

bool satisfies(const ParameterConstraint& c, const json& value) {
  switch (c.kind) {
    case ParameterConstraint::Kind::range: {
      if (!value.is_number()) return false;
      const double v = value.get<double>();
      return (!c.min || v >= *c.min) && (!c.max || v <= *c.max);
    }
    case ParameterConstraint::Kind::length: {
      const double n = value.is_string() ? static_cast<double>(value.get<std::string>().size())
                                         : static_cast<double>(value.size());
      return (!c.min || n >= *c.min) && (!c.max || n <= *c.max);
    }
    case ParameterConstraint::Kind::allowed_values:
      if (value.is_array()) {
        for (const json& item : value) {
          if (std::find(c.allowed_values.begin(), c.allowed_values.end(), item) ==
              c.allowed_values.end()) {
            return false;
          }
        }
        return true;
      }
      return std::find(c.allowed_values.begin(), c.allowed_values.end(), value) !=
             c.allowed_values.end();
    case ParameterConstraint::Kind::allowed_pattern:
      return value.is_string() &&
             std::regex_match(value.get<std::string>(), std::regex(c.allowed_pattern));
  }
  return false;
}

}  // namespace

void check_constraints(const ParameterDefinition& p, const json& value) {
  for (const ParameterConstraint& c : p.constraints) {
    if (satisfies(c, value)) continue;
    const std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
    throw TemplateError(path_of(p),
                        "value '" + shown + "' does not satisfy " +
                            (c.description.empty() ? constraint_text(c) : c.description));
  }
}

json resolve_parameters(const HotTemplate& tmpl, const std::map<std::string, std::string>& given) {
  for (const auto& [name, value] : given) {
    if (tmpl.find_parameter(name) == nullptr) {
      throw TemplateError(child_path("parameters", name), "the template has no such parameter");
    }
  }
  json values = json::object();
  for (const ParameterDefinition& p : tmpl.parameters) {
    const auto it = given.find(p.name);
    json value;
    if (it != given.end()) {
      value = from_text(p, it->second);
    } else if (p.default_value) {
      value = from_default(p, *p.default_value);
    } else {
      throw TemplateError(path_of(p), "no value given and no default");
    }
    check_constraints(p, value);
    values[p.name] = std::move(value);
  }
  return values;
}

}  // namespace stacksim::orchestration
