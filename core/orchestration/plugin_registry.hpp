#pragma once
// The resource types the engine knows, by Heat type name (OS::Nova::Server, ...).

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/orchestration/resource_plugin.hpp"

namespace stacksim::orchestration {

class PluginRegistry {
 public:
  /// Every built-in type (Nova, Neutron, Cinder, Heat, Aodh families).
  static PluginRegistry with_builtin_types();

  void add(std::unique_ptr<ResourcePlugin> plugin);
  /// nullptr for an unknown type.
  [[nodiscard]] const ResourcePlugin* find(std::string_view type) const;
  /// Throws TemplateError at `path` naming the unknown type.
  [[nodiscard]] const ResourcePlugin& get(std::string_view type, const std::string& path) const;
  /// Every registered type name, sorted.
  [[nodiscard]] std::vector<std::string> type_names() const;

 private:
  std::map<std::string, std::unique_ptr<ResourcePlugin>, std::less<>> plugins_;
};

}  // namespace stacksim::orchestration
