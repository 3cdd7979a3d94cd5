#pragma once
// The compute API's policy rules ("os_compute_api:*", Nova's names) and their defaults.

#include <span>

#include "core/identity/policy_engine.hpp"

namespace stacksim::compute {

std::span<const identity::PolicyDefault> compute_policy_defaults();

}  // namespace stacksim::compute
