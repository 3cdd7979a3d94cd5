#include "core/orchestration/intrinsics.hpp"

#include <array>

#include "core/orchestration/template_error.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> function_names{"get_param", "get_resource", "get_attr",
                                                         "str_replace", "list_join"};

/// The function name if `value` is a call.
std::optional<std::string> function_of(const json& value) {
  if (!value.is_object() || value.size() != 1) return std::nullopt;
  const std::string& key = value.begin().key();
  for (std::string_view f : function_names)
    if (key == f) return key;
  return std::nullopt;
}

/// Follows keys and indexes (the tail of get_param / get_attr) into `value`.
json descend(json value, const json& keys, std::size_t first, const std::string& path) {
  for (std::size_t i = first; i < keys.size(); ++i) {
    const json& key = keys[i];
    if (key.is_string() && value.is_object() && value.contains(key.get<std::string>())) {
      value = value[key.get<std::string>()];
    } else if (key.is_number_integer() && value.is_array() && key.get<std::int64_t>() >= 0 &&
               key.get<std::size_t>() < value.size()) {
      value = value[key.get<std::size_t>()];
    } else {
      throw TemplateError(path, "no element " + key.dump() + " in " + value.dump());
    }
  }
  return value;
}

void scan(const json& value, const std::string& path, std::vector<FunctionReference>& out) {
  const std::optional<std::string> function = function_of(value);
  if (!function) {
    if (value.is_object()) {
      for (const auto& [key, item] : value.items())
        scan(item, child_path(path, key), out);
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i)
        scan(value[i], child_path(path, i), out);
    }
    return;
  }
  const json& args = value.begin().value();
  const std::string where = child_path(path, *function);
  if (*function == "get_param") {
    const json& name = args.is_array() && !args.empty() ? args[0] : args;
    if (!name.is_string()) throw TemplateError(where, "expected a parameter name");
    out.push_back({FunctionReference::Kind::parameter, name.get<std::string>(), {}, path});
  } else if (*function == "get_resource") {
    if (!args.is_string()) throw TemplateError(where, "expected a resource name");
    out.push_back({FunctionReference::Kind::resource, args.get<std::string>(), {}, path});
  } else if (*function == "get_attr") {
    if (!args.is_array() || args.size() < 2 || !args[0].is_string() || !args[1].is_string()) {
      throw TemplateError(where, "expected [resource, attribute, key...]");
    }
    out.push_back({FunctionReference::Kind::attribute, args[0].get<std::string>(),
                   args[1].get<std::string>(), path});
  } else if (*function == "str_replace") {
    if (!args.is_object() || !args.contains("template") || !args.contains("params") ||
        args.size() != 2) {
      throw TemplateError(where, "expected {template: ..., params: {...}}");
    }
    scan(args["template"], child_path(where, "template"), out);
    scan(args["params"], child_path(where, "params"), out);
  } else {  // list_join
    if (!args.is_array() || args.empty())
      throw TemplateError(where, "expected [delimiter, list...]");
    scan(args, where, out);
  }
}

std::string as_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::vector<FunctionReference> scan_functions(const json& value, const std::string& path) {
  std::vector<FunctionReference> out;
  scan(value, path, out);
  return out;
}

json resolve_functions(const json& value, const std::string& path, const FunctionScope& scope) {
  const std::optional<std::string> function = function_of(value);
  if (!function) {
    json out = value;
    if (value.is_object()) {
      for (auto& [key, item] : out.items())
        item = resolve_functions(item, child_path(path, key), scope);
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = resolve_functions(out[i], child_path(path, i), scope);
    }
    return out;
  }
  const json& args = value.begin().value();
  const std::string where = child_path(path, *function);
  if (*function == "get_param") {
    const json resolved = resolve_functions(args, where, scope);
    if (resolved.is_array()) {
      return descend(scope.parameter(resolved[0].get<std::string>()), resolved, 1, where);
    }
    return scope.parameter(resolved.get<std::string>());
  }
  if (*function == "get_resource") return scope.resource_id(args.get<std::string>());
  if (*function == "get_attr") {
    const json resolved = resolve_functions(args, where, scope);
    return descend(scope.attribute(resolved[0].get<std::string>(), resolved[1].get<std::string>()),
                   resolved, 2, where);
  }
  if (*function == "str_replace") {
    const json tmpl = resolve_functions(args["template"], child_path(where, "template"), scope);
    const json params = resolve_functions(args["params"], child_path(where, "params"), scope);
    if (!tmpl.is_string()) throw TemplateError(child_path(where, "template"), "expected a string");
    if (!params.is_object()) throw TemplateError(child_path(where, "params"), "expected a mapping");
    std::string text = tmpl.get<std::string>();
    // Longer keys first, so that a key that is a prefix of another does not win.
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [key, replacement] : params.items())
      pairs.emplace_back(key, as_text(replacement));
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [key, replacement] : pairs) {
      if (key.empty()) continue;
      for (std::size_t at = text.find(key); at != std::string::npos;
           at = text.find(key, at + replacement.size())) {
        text.replace(at, key.size(), replacement);
      }
    }
    return text;
  }
  // list_join: [delimiter, list, list...]
  const json resolved = resolve_functions(args, where, scope);
  if (!resolved[0].is_string()) throw TemplateError(child_path(where, 0), "expected a delimiter");
  std::string text;
  bool first = true;
  for (std::size_t i = 1; i < resolved.size(); ++i) {
    if (!resolved[i].is_array()) throw TemplateError(child_path(where, i), "expected a list");
    for (const json& item : resolved[i]) {
      if (!first) text += resolved[0].get<std::string>();
      text += as_text(item);
      first = false;
    }
  }
  return text;
}

}  // namespace stacksim::orchestration
