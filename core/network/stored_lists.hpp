#pragma once
// How list-valued attributes (dns_nameservers, host_routes, routes, allowed_address_pairs) are kept
// in one TEXT column: as JSON arrays, in Neutron's own JSON shape.

#include <string>
#include <vector>

#include "core/network/resources.hpp"

namespace stacksim::network {

[[nodiscard]] std::string to_json_text(const std::vector<std::string>& values);
[[nodiscard]] std::string to_json_text(const std::vector<HostRoute>& routes);
[[nodiscard]] std::string to_json_text(const std::vector<AddressPair>& pairs);
[[nodiscard]] std::vector<std::string> strings_from_json_text(const std::string& text);
[[nodiscard]] std::vector<HostRoute> routes_from_json_text(const std::string& text);
[[nodiscard]] std::vector<AddressPair> address_pairs_from_json_text(const std::string& text);
/// Python's repr of a route list, as Neutron's InvalidRoutes message shows it.
[[nodiscard]] std::string python_repr(const std::vector<HostRoute>& routes);

}  // namespace stacksim::network
