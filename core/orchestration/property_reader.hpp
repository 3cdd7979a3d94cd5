#pragma once
// Typed access to a resource's resolved properties; a bad value is a TemplateError at its path.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/orchestration/template_error.hpp"

namespace stacksim::orchestration {

class PropertyReader {
 public:
  PropertyReader(const nlohmann::json& properties, std::string path)
      : properties_(properties), path_(std::move(path)) {}

  [[nodiscard]] bool has(const std::string& name) const {
    return properties_.contains(name) && !properties_.at(name).is_null();
  }
  [[nodiscard]] std::string path(const std::string& name) const { return child_path(path_, name); }

  [[nodiscard]] std::optional<std::string> optional_string(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const nlohmann::json& v = properties_.at(name);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
    throw TemplateError(path(name), "expected a string");
  }
  [[nodiscard]] std::string string(const std::string& name,
                                   const std::string& fallback = {}) const {
    return optional_string(name).value_or(fallback);
  }
  [[nodiscard]] std::optional<double> optional_number(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const nlohmann::json& v = properties_.at(name);
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      try {
        std::size_t used = 0;
        const double value = std::stod(v.get<std::string>(), &used);
        if (used == v.get<std::string>().size()) return value;
      } catch (const std::logic_error&) {
      }
    }
    throw TemplateError(path(name), "expected a number");
  }
  [[nodiscard]] double number(const std::string& name, double fallback) const {
    return optional_number(name).value_or(fallback);
  }
  [[nodiscard]] std::optional<int> optional_integer(const std::string& name) const {
    const std::optional<double> v = optional_number(name);
    if (!v) return std::nullopt;
    if (*v != static_cast<double>(static_cast<int>(*v))) {
      throw TemplateError(path(name), "expected an integer");
    }
    return static_cast<int>(*v);
  }
  [[nodiscard]] int integer(const std::string& name, int fallback) const {
    return optional_integer(name).value_or(fallback);
  }
  [[nodiscard]] std::optional<bool> optional_boolean(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const nlohmann::json& v = properties_.at(name);
    if (!v.is_boolean()) throw TemplateError(path(name), "expected a boolean");
    return v.get<bool>();
  }
  [[nodiscard]] nlohmann::json list(const std::string& name) const {
    if (!has(name)) return nlohmann::json::array();
    const nlohmann::json& v = properties_.at(name);
    if (!v.is_array()) throw TemplateError(path(name), "expected a list");
    return v;
  }
  [[nodiscard]] std::vector<std::string> strings(const std::string& name) const {
    std::vector<std::string> out;
    const nlohmann::json items = list(name);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_string())
        throw TemplateError(child_path(path(name), i), "expected a string");
      out.push_back(items[i].get<std::string>());
    }
    return out;
  }
  [[nodiscard]] nlohmann::json map(const std::string& name) const {
    if (!has(name)) return nlohmann::json::object();
    const nlohmann::json& v = properties_.at(name);
    if (!v.is_object()) throw TemplateError(path(name), "expected a map");
    return v;
  }

 private:
  const nlohmann::json& properties_;
  std::string path_;
};

}  // namespace stacksim::orchestration
