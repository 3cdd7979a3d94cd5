#pragma once
// The body of a quota-set update (PUT /os-quota-sets/{project_id}), shared by Nova's and Cinder's
// APIs: each named resource's new limit (-1: unlimited), validated before any is stored, so a
// refused update changes nothing.

#include <span>
#include <string>

#include "core/api/json_view.hpp"
#include "core/identity/quota_engine.hpp"

namespace stacksim::api {

/// Sets the limits `quota_set` gives for `resources` on `project_id`; 400 naming the field for a
/// limit below -1 (the quota engine refuses one below current usage).
void update_quota_limits(identity::QuotaEngine& quotas, const std::string& project_id,
                         const JsonView& quota_set, std::span<const char* const> resources);

}  // namespace stacksim::api
