#pragma once
// OS::Nova::Server, OS::Nova::KeyPair and OS::Nova::ServerGroup over the compute API. A server's
// networks are wired once it is ACTIVE on its host (the network service's allocate_for_instance,
// as Nova's neutronv2 API does during the build), and the image lookup other plugins share.

#include <string>

#include "core/orchestration/plugin_registry.hpp"

namespace stacksim::orchestration {

void add_nova_resources(PluginRegistry& registry);

/// The id of an image the stack owner sees, given its id or name (TemplateError at `path`).
std::string glance_image_id(const PluginContext& ctx, const std::string& name_or_id,
                            const std::string& path);

}  // namespace stacksim::orchestration
