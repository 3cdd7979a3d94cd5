#include "core/network/stored_lists.hpp"

#include <nlohmann/json.hpp>

namespace stacksim::network {

using nlohmann::json;

std::string to_json_text(const std::vector<std::string>& values) {
  return json(values).dump();
}

std::string to_json_text(const std::vector<HostRoute>& routes) {
  json out = json::array();
  for (const HostRoute& r : routes)
    out.push_back({{"destination", r.destination}, {"nexthop", r.nexthop}});
  return out.dump();
}

std::string to_json_text(const std::vector<AddressPair>& pairs) {
  json out = json::array();
  for (const AddressPair& p : pairs)
    out.push_back({{"ip_address", p.ip_address}, {"mac_address", p.mac_address}});
  return out.dump();
}

std::vector<std::string> strings_from_json_text(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}

std::vector<HostRoute> routes_from_json_text(const std::string& text) {
  std::vector<HostRoute> out;
  for (const json& r : json::parse(text))
    out.push_back({r.at("destination").get<std::string>(), r.at("nexthop").get<std::string>()});
  return out;
}

std::vector<AddressPair> address_pairs_from_json_text(const std::string& text) {
  std::vector<AddressPair> out;
  for (const json& p : json::parse(text))
    out.push_back({p.at("ip_address").get<std::string>(), p.at("mac_address").get<std::string>()});
  return out;
}

std::string python_repr(const std::vector<HostRoute>& routes) {
  std::string out = "[";
  for (std::size_t i = 0; i < routes.size(); ++i) {
    if (i > 0) out += ", ";
    out +=
        "{'destination': '" + routes[i].destination + "', 'nexthop': '" + routes[i].nexthop + "'}";
  }
  return out + "]";
}

}  // namespace stacksim::network
