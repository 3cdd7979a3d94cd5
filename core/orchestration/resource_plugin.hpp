#pragma once
// The interface every resource type implements (Heat's resource plugin): the properties it takes,
// the attributes it offers, and create / delete / update as coroutines over the services. A plugin
// keeps no state of its own: what it created is a ResourceData (physical id + attributes) that
// the engine stores with the stack.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/identity/request_context.hpp"
#include "core/runtime/task.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::compute {
class ComputeApi;
}
namespace stacksim::image {
class ImageService;
}
namespace stacksim::network {
class NetworkService;
}
namespace stacksim::telemetry {
class TelemetryService;
}
namespace stacksim::volume {
class VolumeService;
class ServerVolumes;
}  // namespace stacksim::volume

namespace stacksim::orchestration {

class PluginRegistry;

struct ResourceData {
  std::string physical_id;
  nlohmann::json attributes = nlohmann::json::object();
};

enum class PropertyType { string, integer, number, boolean, list, map, any };

struct PropertySpec {
  std::string name;
  PropertyType type = PropertyType::string;
  bool required = false;
};

/// The services a plugin may call (null when the cloud has none), and who and where it is.
struct PluginContext {
  compute::ComputeApi* compute = nullptr;
  image::ImageService* images = nullptr;
  network::NetworkService* network = nullptr;
  telemetry::TelemetryService* telemetry = nullptr;
  volume::VolumeService* volumes = nullptr;
  volume::ServerVolumes* server_volumes = nullptr;  // Nova's os-volume_attachments
  const PluginRegistry* registry = nullptr;
  identity::RequestContext request;  // the stack owner
  std::string stack_id;
  std::string stack_name;
  runtime::Duration poll_interval = std::chrono::seconds(1);  // check_create_complete polling
};

class ResourcePlugin {
 public:
  ResourcePlugin() = default;
  ResourcePlugin(const ResourcePlugin&) = delete;
  ResourcePlugin& operator=(const ResourcePlugin&) = delete;
  virtual ~ResourcePlugin() = default;

  [[nodiscard]] virtual std::string_view type_name() const = 0;
  [[nodiscard]] virtual std::vector<PropertySpec> properties() const = 0;
  [[nodiscard]] virtual std::vector<std::string> attributes() const = 0;

  /// `properties` are resolved (no functions left); `path` names them in errors.
  virtual runtime::Task<ResourceData> create(PluginContext ctx, std::string name,
                                             nlohmann::json properties, std::string path) const = 0;
  /// Deletes what create made; a resource already gone is not an error.
  virtual runtime::Task<void> remove(PluginContext ctx, ResourceData data) const = 0;
  /// Applies changed properties in place; nullopt when the change needs a replacement (the
  /// default: every change replaces).
  virtual runtime::Task<std::optional<ResourceData>> update(PluginContext ctx, ResourceData data,
                                                            nlohmann::json old_properties,
                                                            nlohmann::json new_properties,
                                                            std::string path) const;
};

/// Checks property names, required ones and (for literal values) types; TemplateError at the path.
void check_properties(const ResourcePlugin& plugin, const nlohmann::json& properties,
                      const std::string& path, bool resolved);

}  // namespace stacksim::orchestration
