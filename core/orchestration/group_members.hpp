#pragma once
// The members of OS::Heat::ResourceGroup and OS::Heat::AutoScalingGroup: nested resources of one
// definition ({type, properties}), created in parallel and deleted in parallel. Members are kept
// as a JSON list of {index, physical_id, attributes} in the group's ResourceData.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/orchestration/resource_plugin.hpp"

namespace stacksim::orchestration {

/// Checks the definition's type and property names (TemplateError at `path`).
void check_member_definition(const PluginContext& ctx, const nlohmann::json& definition,
                             const std::string& path);

/// Creates members `indices` ("%index%" in string properties becomes the index when
/// `substitute_index`). All or nothing: on a failure the members made are deleted and the first
/// error is rethrown.
runtime::Task<nlohmann::json> create_members(PluginContext ctx, std::string group_name,
                                             nlohmann::json definition, std::vector<int> indices,
                                             bool substitute_index, std::string path);

/// Deletes the given members (a list as create_members returns) in parallel.
runtime::Task<void> delete_members(PluginContext ctx, nlohmann::json definition,
                                   nlohmann::json members);

/// The physical ids of a member list, in order.
std::vector<std::string> member_ids(const nlohmann::json& members);

}  // namespace stacksim::orchestration
