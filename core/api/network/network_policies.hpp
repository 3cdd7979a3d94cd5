#pragma once
// Neutron's policy defaults (the legacy admin-or-owner rules of neutron/conf/policies) under
// Neutron's action names, registered in the shared policy engine.

#include <string>

#include "core/identity/policy_engine.hpp"

namespace stacksim::api {

void register_network_policies(identity::PolicyEngine& policy);

/// The target of a rule on a resource owned by `project_id` (Neutron passes both names).
identity::PolicyTarget owned_by(const std::string& project_id);

}  // namespace stacksim::api
