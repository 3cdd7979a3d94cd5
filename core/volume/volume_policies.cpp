#include "core/volume/volume_policies.hpp"

#include <vector>

namespace stacksim::volume {
namespace {

const std::vector<identity::PolicyDefault> rules = {
    {"volume:create", "rule:admin_or_owner", "Create a volume."},
    {"volume:create_from_image", "rule:admin_or_owner", "Create a volume from an image."},
    {"volume:multiattach", "rule:admin_or_owner", "Create a multiattach volume."},
    {"volume:get", "rule:admin_or_owner", "Show a volume."},
    {"volume:get_all", "rule:admin_or_owner", "List the project's volumes."},
    {"volume:update", "rule:admin_or_owner", "Update a volume's name or description."},
    {"volume:delete", "rule:admin_or_owner", "Delete a volume."},
    {"volume_extension:volume_admin_actions:reset_status", "rule:admin_required",
     "Reset a volume's status."},
    {"volume:extend", "rule:admin_or_owner", "Extend a volume."},
    {"volume:create_snapshot", "rule:admin_or_owner", "Create a snapshot."},
    {"volume:get_snapshot", "rule:admin_or_owner", "Show a snapshot."},
    {"volume:get_all_snapshots", "rule:admin_or_owner", "List the project's snapshots."},
    {"volume:delete_snapshot", "rule:admin_or_owner", "Delete a snapshot."},
    {"volume:attachment_create", "rule:admin_or_owner", "Reserve a volume for a server."},
    {"volume:attachment_update", "rule:admin_or_owner", "Connect a reserved volume."},
    {"volume:attachment_delete", "rule:admin_or_owner", "Detach a volume."},
    {"volume_extension:types_manage", "rule:admin_required",
     "Create, update and delete volume types and their extra specs."},
    {"volume_extension:type_get", "@", "Show a volume type."},
    {"volume_extension:type_get_all", "@", "List volume types."},
    {"scheduler_extension:scheduler_stats:get_pools", "rule:admin_required",
     "List the pools of the storage backends."},
};

}  // namespace

std::span<const identity::PolicyDefault> volume_policy_defaults() {
  return rules;
}

}  // namespace stacksim::volume
