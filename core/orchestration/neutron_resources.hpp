#pragma once
// OS::Neutron::Net, Subnet, Port, Router, RouterInterface, FloatingIP and SecurityGroup over the
// network service, and the name-or-id lookups other plugins use for their network properties.

#include <string>

#include "core/orchestration/plugin_registry.hpp"

namespace stacksim::orchestration {

void add_neutron_resources(PluginRegistry& registry);

/// The id of a network the stack owner sees, given its id or name (TemplateError at `path`).
std::string neutron_network_id(const PluginContext& ctx, const std::string& name_or_id,
                               const std::string& path);
std::string neutron_subnet_id(const PluginContext& ctx, const std::string& name_or_id,
                              const std::string& path);
std::string neutron_security_group_id(const PluginContext& ctx, const std::string& name_or_id,
                                      const std::string& path);

}  // namespace stacksim::orchestration
