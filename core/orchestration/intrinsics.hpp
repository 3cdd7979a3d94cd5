#pragma once
// HOT intrinsic functions: get_param, get_resource, get_attr, str_replace, list_join. A function
// is a mapping with one key naming it. scan_functions checks each call's arguments and lists what
// it refers to (for the dependency graph); resolve_functions evaluates them once the referenced
// resources exist.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stacksim::orchestration {

struct FunctionReference {
  enum class Kind { parameter, resource, attribute };
  Kind kind = Kind::resource;
  std::string name;       // parameter or resource name
  std::string attribute;  // for get_attr
  std::string path;       // where the call is, e.g. "resources.web.properties.networks[0].network"
};

/// Every function call under `value` (at `path`); throws TemplateError for a malformed call.
std::vector<FunctionReference> scan_functions(const nlohmann::json& value, const std::string& path);

/// What functions read while resolving.
class FunctionScope {
 public:
  FunctionScope() = default;
  FunctionScope(const FunctionScope&) = delete;
  FunctionScope& operator=(const FunctionScope&) = delete;
  virtual ~FunctionScope() = default;

  [[nodiscard]] virtual nlohmann::json parameter(const std::string& name) const = 0;
  /// The physical id of a resource that exists.
  [[nodiscard]] virtual std::string resource_id(const std::string& name) const = 0;
  [[nodiscard]] virtual nlohmann::json attribute(const std::string& resource,
                                                 const std::string& attribute) const = 0;
};

/// `value` with every function call replaced by its result (TemplateError at the call's path).
nlohmann::json resolve_functions(const nlohmann::json& value, const std::string& path,
                                 const FunctionScope& scope);

}  // namespace stacksim::orchestration
