#include "core/api/network/network_policies.hpp"

#include <array>

namespace stacksim::api {

void register_network_policies(identity::PolicyEngine& policy) {
  static const std::array<identity::PolicyDefault, 49> defaults = {{
      {"admin_only", "rule:context_is_admin", "Administrators only."},
      {"shared", "'True':%(shared)s", "The network is shared with every project."},
      {"external", "'True':%(router_external)s", "The network is an external network."},
      {"network_owner", "project_id:%(network_project_id)s", "The caller owns the network."},
      {"admin_or_network_owner", "rule:context_is_admin or rule:network_owner",
       "Administrators or the owner of the resource's network."},
      {"create_network", "rule:admin_or_owner", "Create a network."},
      {"create_network:shared", "rule:admin_only", "Create a shared network."},
      {"create_network:router:external", "rule:admin_only", "Create an external network."},
      {"create_network:provider:network_type", "rule:admin_only", "Choose the network type."},
      {"create_network:provider:physical_network", "rule:admin_only",
       "Choose the physical network."},
      {"create_network:provider:segmentation_id", "rule:admin_only", "Choose the segment."},
      {"get_network", "rule:admin_or_owner or rule:shared or rule:external", "Show a network."},
      {"update_network", "rule:admin_or_owner", "Update a network."},
      {"update_network:shared", "rule:admin_only", "Share or unshare a network."},
      {"update_network:router:external", "rule:admin_only", "Make a network external."},
      {"delete_network", "rule:admin_or_owner", "Delete a network."},
      {"create_subnet", "rule:admin_or_network_owner", "Create a subnet."},
      {"get_subnet", "rule:admin_or_owner or rule:shared", "Show a subnet."},
      {"update_subnet", "rule:admin_or_network_owner", "Update a subnet."},
      {"delete_subnet", "rule:admin_or_network_owner", "Delete a subnet."},
      {"create_port", "rule:admin_or_owner", "Create a port."},
      {"create_port:binding:host_id", "rule:admin_only", "Bind a port to a host."},
      {"create_port:mac_address", "rule:admin_or_network_owner", "Choose a port's MAC."},
      {"create_port:device_owner", "rule:admin_or_network_owner", "Set a port's device owner."},
      {"get_port", "rule:admin_or_owner or rule:network_owner", "Show a port."},
      {"update_port", "rule:admin_or_owner or rule:network_owner", "Update a port."},
      {"update_port:binding:host_id", "rule:admin_only", "Rebind a port."},
      {"delete_port", "rule:admin_or_owner or rule:network_owner", "Delete a port."},
      {"create_router", "rule:admin_or_owner", "Create a router."},
      {"get_router", "rule:admin_or_owner", "Show a router."},
      {"update_router", "rule:admin_or_owner", "Update a router."},
      {"delete_router", "rule:admin_or_owner", "Delete a router."},
      {"add_router_interface", "rule:admin_or_owner", "Attach a subnet or port to a router."},
      {"remove_router_interface", "rule:admin_or_owner", "Detach an interface from a router."},
      {"create_floatingip", "rule:admin_or_owner", "Allocate a floating IP."},
      {"create_floatingip:floating_ip_address", "rule:admin_only",
       "Allocate a chosen floating IP address."},
      {"get_floatingip", "rule:admin_or_owner", "Show a floating IP."},
      {"update_floatingip", "rule:admin_or_owner", "Associate or disassociate a floating IP."},
      {"delete_floatingip", "rule:admin_or_owner", "Release a floating IP."},
      {"create_security_group", "rule:admin_or_owner", "Create a security group."},
      {"get_security_group", "rule:admin_or_owner", "Show a security group."},
      {"update_security_group", "rule:admin_or_owner", "Update a security group."},
      {"delete_security_group", "rule:admin_or_owner", "Delete a security group."},
      {"create_security_group_rule", "rule:admin_or_owner", "Add a security group rule."},
      {"get_security_group_rule", "rule:admin_or_owner", "Show a security group rule."},
      {"delete_security_group_rule", "rule:admin_or_owner", "Delete a security group rule."},
      {"get_quota", "rule:admin_or_owner", "Show a project's quotas."},
      {"update_quota", "rule:admin_only", "Change a project's quotas."},
      {"delete_quota", "rule:admin_only", "Reset a project's quotas to the defaults."},
  }};
  policy.register_defaults(defaults);
}

identity::PolicyTarget owned_by(const std::string& project_id) {
  return {{"project_id", project_id}, {"tenant_id", project_id}};
}

}  // namespace stacksim::api
