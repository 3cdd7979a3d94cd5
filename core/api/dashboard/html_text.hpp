#pragma once
// Text placed in the dashboard's HTML. Every value that comes from a user or a tenant (server,
// network and project names, device names) passes through xml_escape, so a server named
// "<script>" shows as text and never runs.

#include <string>
#include <string_view>

#include "core/runtime/xml_escape.hpp"

namespace stacksim::api {

using runtime::xml_escape;

/// `value` with `decimals` digits after the point ("12.50").
std::string fixed_decimals(double value, int decimals);

}  // namespace stacksim::api
