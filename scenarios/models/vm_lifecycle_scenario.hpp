#pragma once
// Reads a scenario of kind "vm-lifecycle" (see docs/scenarios.md) into VmLifecycleParams.

#include <string>

#include "scenarios/json_fields.hpp"
#include "scenarios/models/vm_lifecycle_model.hpp"

namespace stacksim::scenarios {

VmLifecycleParams read_vm_lifecycle_scenario(const JsonFields& scenario);

}  // namespace stacksim::scenarios
