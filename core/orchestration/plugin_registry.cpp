#include "core/orchestration/plugin_registry.hpp"

#include "core/orchestration/aodh_resources.hpp"
#include "core/orchestration/cinder_resources.hpp"
#include "core/orchestration/heat_resources.hpp"
#include "core/orchestration/neutron_resources.hpp"
#include "core/orchestration/nova_resources.hpp"
#include "core/orchestration/template_error.hpp"

namespace stacksim::orchestration {

PluginRegistry PluginRegistry::with_builtin_types() {
  PluginRegistry registry;
  add_nova_resources(registry);
  add_neutron_resources(registry);
  add_cinder_resources(registry);
  add_heat_resources(registry);
  add_aodh_resources(registry);
  return registry;
}

void PluginRegistry::add(std::unique_ptr<ResourcePlugin> plugin) {
  const std::string name(plugin->type_name());
  plugins_[name] = std::move(plugin);
}

const ResourcePlugin* PluginRegistry::find(std::string_view type) const {
  const auto it = plugins_.find(type);
  return it == plugins_.end() ? nullptr : it->second.get();
}

std::vector<std::string> PluginRegistry::type_names() const {
  std::vector<std::string> names;
  names.reserve(plugins_.size());
  for (const auto& [name, plugin] : plugins_)
    names.push_back(name);
  return names;
}

const ResourcePlugin& PluginRegistry::get(std::string_view type, const std::string& path) const {
  const ResourcePlugin* plugin = find(type);
  if (plugin == nullptr) {
    throw TemplateError(path, "unknown resource type '" + std::string(type) + "'");
  }
  return *plugin;
}

}  // namespace stacksim::orchestration
