#pragma once
// A flavor as JSON text, the way instance records and allocations keep a copy of it.

#include <string>

#include "core/compute/flavor.hpp"

namespace stacksim::compute {

std::string flavor_to_json(const Flavor& flavor);
Flavor flavor_from_json(const std::string& text);

}  // namespace stacksim::compute
