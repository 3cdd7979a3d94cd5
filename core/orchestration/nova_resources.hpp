#pragma once
// OS::Nova::Server, OS::Nova::KeyPair and OS::Nova::ServerGroup over the compute API. A server's
// networks are wired once it is ACTIVE on its host (the network service's allocate_for_instance,
// as Nova's neutronv2 API does during the build).

#include "core/orchestration/plugin_registry.hpp"

namespace stacksim::orchestration {

void add_nova_resources(PluginRegistry& registry);

}  // namespace stacksim::orchestration
