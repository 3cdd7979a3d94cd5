#pragma once
// Cinder's policy rules (cinder.policies) with their default check strings.

#include <span>

#include "core/identity/policy_engine.hpp"

namespace stacksim::volume {

std::span<const identity::PolicyDefault> volume_policy_defaults();

}  // namespace stacksim::volume
