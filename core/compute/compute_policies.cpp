#include "core/compute/compute_policies.hpp"

#include <vector>

namespace stacksim::compute {
namespace {

const std::vector<identity::PolicyDefault> rules = {
    {"os_compute_api:servers:create", "rule:admin_or_owner", "Create servers."},
    {"os_compute_api:servers:show", "rule:admin_or_owner", "Show a server."},
    {"os_compute_api:servers:index", "rule:admin_or_owner", "List the project's servers."},
    {"os_compute_api:servers:index:get_all_tenants", "rule:admin_required",
     "List the servers of every project."},
    {"os_compute_api:servers:delete", "rule:admin_or_owner", "Delete a server."},
    {"os_compute_api:servers:start", "rule:admin_or_owner", "Start a stopped server."},
    {"os_compute_api:servers:stop", "rule:admin_or_owner", "Stop a server."},
    {"os_compute_api:servers:reboot", "rule:admin_or_owner", "Reboot a server."},
    {"os_compute_api:servers:resize", "rule:admin_or_owner", "Resize a server."},
    {"os_compute_api:servers:confirm_resize", "rule:admin_or_owner", "Confirm a resize."},
    {"os_compute_api:servers:revert_resize", "rule:admin_or_owner", "Revert a resize."},
    {"os_compute_api:os-migrate-server:migrate", "rule:admin_required", "Cold-migrate a server."},
    {"os_compute_api:os-migrate-server:migrate_live", "rule:admin_required",
     "Live-migrate a server."},
    {"os_compute_api:os-evacuate", "rule:admin_required", "Evacuate a server of a failed host."},
    {"os_compute_api:os-migrations:index", "rule:admin_required", "List migrations."},
    {"os_compute_api:os-flavor-manage:create", "rule:admin_required", "Create a flavor."},
    {"os_compute_api:os-flavor-manage:delete", "rule:admin_required", "Delete a flavor."},
    {"os_compute_api:os-flavor-extra-specs:create", "rule:admin_required",
     "Set flavor extra specs."},
    {"os_compute_api:os-flavor-extra-specs:delete", "rule:admin_required",
     "Unset flavor extra specs."},
    {"os_compute_api:os-flavor-access:add_tenant_access", "rule:admin_required",
     "Give a project access to a private flavor."},
    {"os_compute_api:os-flavor-access:remove_tenant_access", "rule:admin_required",
     "Take a project's access to a private flavor away."},
    {"os_compute_api:os-keypairs:create", "rule:admin_or_user", "Import a keypair."},
    {"os_compute_api:os-keypairs:show", "rule:admin_or_user", "Show a keypair."},
    {"os_compute_api:os-keypairs:index", "rule:admin_or_user", "List keypairs."},
    {"os_compute_api:os-keypairs:delete", "rule:admin_or_user", "Delete a keypair."},
    {"os_compute_api:os-aggregates:create", "rule:admin_required", "Create an aggregate."},
    {"os_compute_api:os-aggregates:update", "rule:admin_required", "Update an aggregate."},
    {"os_compute_api:os-aggregates:set_metadata", "rule:admin_required", "Set aggregate metadata."},
    {"os_compute_api:os-aggregates:add_host", "rule:admin_required", "Add a host to an aggregate."},
    {"os_compute_api:os-aggregates:remove_host", "rule:admin_required",
     "Remove a host from an aggregate."},
    {"os_compute_api:os-aggregates:delete", "rule:admin_required", "Delete an aggregate."},
    {"os_compute_api:os-aggregates:index", "rule:admin_required", "List aggregates."},
    {"os_compute_api:os-availability-zone:list", "@", "List availability zones."},
    {"os_compute_api:os-server-groups:create", "rule:admin_or_owner", "Create a server group."},
    {"os_compute_api:os-server-groups:show", "rule:admin_or_owner", "Show a server group."},
    {"os_compute_api:os-server-groups:delete", "rule:admin_or_owner", "Delete a server group."},
    {"os_compute_api:os-services:list", "rule:admin_required", "List compute services."},
    {"os_compute_api:os-services:update", "rule:admin_required",
     "Disable, enable or force down a compute service."},
    {"os_compute_api:os-hypervisors:show", "rule:admin_required", "Show a hypervisor's usage."},
};

}  // namespace

std::span<const identity::PolicyDefault> compute_policy_defaults() {
  return rules;
}

}  // namespace stacksim::compute
