#pragma once
// Text placed in the dashboard's HTML. Every value that comes from a user or a tenant (server,
// network and project names, device names) passes through html_escape, so a server named
// "<script>" shows as text and never runs.

#include <string>
#include <string_view>

namespace stacksim::api {

/// The five characters HTML gives meaning to, as entities (safe in text and quoted attributes).
std::string html_escape(std::string_view text);

/// `value` with `decimals` digits after the point ("12.50").
std::string fixed_decimals(double value, int decimals);

}  // namespace stacksim::api
