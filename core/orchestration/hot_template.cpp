#include "core/orchestration/hot_template.hpp"

#include <algorithm>
#include <array>
#include <regex>

#include "core/orchestration/template_error.hpp"
#include "core/orchestration/yaml_json.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

// The template versions Heat accepts (dates and release names).
constexpr std::array<std::string_view, 15> versions{
    "2013-05-23", "2014-10-16", "2015-04-30", "2015-10-15", "2016-04-08",
    "2016-10-14", "2017-02-24", "2017-09-01", "2018-03-02", "2018-08-31",
    "newton",     "ocata",      "pike",       "queens",     "rocky"};

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw TemplateError(source_.empty() ? path : source_ + ": " + path, message);
  }

  void only_keys(const json& object, const std::string& path,
                 std::initializer_list<std::string_view> keys) const {
    for (const auto& [key, value] : object.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        fail(child_path(path, key), "unknown key");
      }
    }
  }

  const json& object(const json& value, const std::string& path) const {
    if (!value.is_object()) fail(path, "expected a mapping");
    return value;
  }

  std::string string(const json& parent, const std::string& key, const std::string& path,
                     bool required) const {
    if (!parent.contains(key)) {
      if (required) fail(child_path(path, key), "missing");
      return {};
    }
    const json& v = parent.at(key);
    if (!v.is_string()) fail(child_path(path, key), "expected a string");
    return v.get<std::string>();
  }

  std::optional<double> number(const json& parent, const std::string& key,
                               const std::string& path) const {
    if (!parent.contains(key)) return std::nullopt;
    if (!parent.at(key).is_number()) fail(child_path(path, key), "expected a number");
    return parent.at(key).get<double>();
  }

  ParameterConstraint constraint(const json& entry, const std::string& path) const {
    object(entry, path);
    ParameterConstraint c;
    c.description = string(entry, "description", path, false);
    int kinds = 0;
    if (entry.contains("range") || entry.contains("length")) {
      const bool range = entry.contains("range");
      const std::string key = range ? "range" : "length";
      const std::string p = child_path(path, key);
      const json& bounds = object(entry.at(key), p);
      only_keys(bounds, p, {"min", "max"});
      c.kind = range ? ParameterConstraint::Kind::range : ParameterConstraint::Kind::length;
      c.min = number(bounds, "min", p);
      c.max = number(bounds, "max", p);
      if (!c.min && !c.max) fail(p, "needs min or max");
      ++kinds;
    }
    if (entry.contains("allowed_values")) {
      const json& values = entry.at("allowed_values");
      if (!values.is_array()) fail(child_path(path, "allowed_values"), "expected a list");
      c.kind = ParameterConstraint::Kind::allowed_values;
      c.allowed_values.assign(values.begin(), values.end());
      ++kinds;
    }
    if (entry.contains("allowed_pattern")) {
      c.kind = ParameterConstraint::Kind::allowed_pattern;
      c.allowed_pattern = string(entry, "allowed_pattern", path, true);
      try {
        std::regex check(c.allowed_pattern);
      } catch (const std::regex_error& e) {
        fail(child_path(path, "allowed_pattern"), std::string("invalid pattern: ") + e.what());
      }
      ++kinds;
    }
    if (entry.contains("range") && entry.contains("length")) ++kinds;  // both: one too many
    only_keys(entry, path, {"range", "length", "allowed_values", "allowed_pattern", "description"});
    if (kinds != 1)
      fail(path,
           "expected exactly one of range, length, allowed_values, "
           "allowed_pattern");
    return c;
  }

  ParameterDefinition parameter(const std::string& name, const json& body,
                                const std::string& path) const {
    object(body, path);
    only_keys(body, path,
              {"type", "default", "label", "description", "hidden", "constraints", "immutable"});
    ParameterDefinition p;
    p.name = name;
    const std::string type = string(body, "type", path, true);
    if (type == "string") {
      p.type = ParameterType::string;
    } else if (type == "number") {
      p.type = ParameterType::number;
    } else if (type == "json") {
      p.type = ParameterType::json;
    } else if (type == "comma_delimited_list") {
      p.type = ParameterType::comma_delimited_list;
    } else if (type == "boolean") {
      p.type = ParameterType::boolean;
    } else {
      fail(child_path(path, "type"), "unknown parameter type '" + type +
                                         "' (string, number, json, comma_delimited_list, "
                                         "boolean)");
    }
    if (body.contains("default") && !body.at("default").is_null())
      p.default_value = body["default"];
    p.label = string(body, "label", path, false);
    p.description = string(body, "description", path, false);
    if (body.contains("hidden")) {
      if (!body.at("hidden").is_boolean()) fail(child_path(path, "hidden"), "expected a boolean");
      p.hidden = body["hidden"].get<bool>();
    }
    if (body.contains("constraints")) {
      const std::string cpath = child_path(path, "constraints");
      const json& list = body.at("constraints");
      if (!list.is_array()) fail(cpath, "expected a list");
      for (std::size_t i = 0; i < list.size(); ++i)
        p.constraints.push_back(constraint(list[i], child_path(cpath, i)));
    }
    return p;
  }

  ResourceDefinition resource(const std::string& name, const json& body,
                              const std::string& path) const {
    object(body, path);
    only_keys(body, path,
              {"type", "properties", "depends_on", "metadata", "deletion_policy", "update_policy"});
    ResourceDefinition r;
    r.name = name;
    r.type = string(body, "type", path, true);
    if (body.contains("properties") && !body.at("properties").is_null()) {
      r.properties = object(body.at("properties"), child_path(path, "properties"));
    }
    if (body.contains("depends_on")) {
      const std::string dpath = child_path(path, "depends_on");
      const json& deps = body.at("depends_on");
      if (deps.is_string()) {
        r.depends_on.push_back(deps.get<std::string>());
      } else if (deps.is_array()) {
        for (std::size_t i = 0; i < deps.size(); ++i) {
          if (!deps[i].is_string()) fail(child_path(dpath, i), "expected a resource name");
          r.depends_on.push_back(deps[i].get<std::string>());
        }
      } else {
        fail(dpath, "expected a resource name or a list of them");
      }
    }
    return r;
  }

 private:
  std::string source_;
};

}  // namespace

const ResourceDefinition* HotTemplate::find_resource(std::string_view name) const {
  for (const ResourceDefinition& r : resources)
    if (r.name == name) return &r;
  return nullptr;
}

const ParameterDefinition* HotTemplate::find_parameter(std::string_view name) const {
  for (const ParameterDefinition& p : parameters)
    if (p.name == name) return &p;
  return nullptr;
}

HotTemplate parse_template(std::string_view text, const std::string& source) {
  return parse_template_document(parse_yaml(text, source), source);
}

HotTemplate parse_template_document(const json& document, const std::string& source) {
  const Reader read(source);
  if (!document.is_object()) read.fail("", "a template must be a mapping");
  read.only_keys(document, "",
                 {"heat_template_version", "description", "parameters", "parameter_groups",
                  "resources", "outputs", "conditions"});
  HotTemplate t;
  if (!document.contains("heat_template_version")) {
    read.fail("heat_template_version", "missing");
  }
  const json& version = document["heat_template_version"];
  t.version = version.is_string() ? version.get<std::string>() : version.dump();
  if (std::find(versions.begin(), versions.end(), t.version) == versions.end()) {
    read.fail("heat_template_version", "unknown version '" + t.version + "'");
  }
  if (document.contains("conditions")) read.fail("conditions", "conditions are not supported");
  t.description = read.string(document, "description", "", false);
  if (document.contains("parameters") && !document["parameters"].is_null()) {
    for (const auto& [name, body] : read.object(document["parameters"], "parameters").items())
      t.parameters.push_back(read.parameter(name, body, child_path("parameters", name)));
  }
  if (!document.contains("resources") || document["resources"].is_null()) {
    read.fail("resources", "missing");
  }
  for (const auto& [name, body] : read.object(document["resources"], "resources").items())
    t.resources.push_back(read.resource(name, body, child_path("resources", name)));
  if (document.contains("outputs") && !document["outputs"].is_null()) {
    for (const auto& [name, body] : read.object(document["outputs"], "outputs").items()) {
      const std::string path = child_path("outputs", name);
      read.object(body, path);
      read.only_keys(body, path, {"description", "value"});
      if (!body.contains("value")) read.fail(child_path(path, "value"), "missing");
      t.outputs.push_back({name, read.string(body, "description", path, false), body["value"]});
    }
  }
  return t;
}

}  // namespace stacksim::orchestration
