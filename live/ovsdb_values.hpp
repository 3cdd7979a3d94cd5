#pragma once
// OVSDB's JSON encodings (RFC 7047 5.1): ["map", [[k, v], ...]], ["set", [...]] (a one-element
// set may also appear bare), ["uuid", U] and ["named-uuid", NAME]. Built with json::array, since
// brace initialisation of nlohmann::json makes objects.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stacksim::live::ovsdb {

inline nlohmann::json map(const std::map<std::string, std::string>& values) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [k, v] : values)
    pairs.push_back(nlohmann::json::array({k, v}));
  return nlohmann::json::array({"map", pairs});
}

inline nlohmann::json set(std::vector<nlohmann::json> elements) {
  nlohmann::json list = nlohmann::json::array();
  for (nlohmann::json& e : elements)
    list.push_back(std::move(e));
  return nlohmann::json::array({"set", list});
}

inline nlohmann::json named_uuid(const std::string& name) {
  return nlohmann::json::array({"named-uuid", name});
}

inline nlohmann::json uuid(const std::string& id) {
  return nlohmann::json::array({"uuid", id});
}

/// A condition "column == value" for a "where" clause.
inline nlohmann::json equals(const std::string& column, nlohmann::json value) {
  return nlohmann::json::array({column, "==", std::move(value)});
}

/// The elements of a set column value (bare single values included).
inline std::vector<nlohmann::json> elements(const nlohmann::json& value) {
  if (value.is_array() && value.size() == 2 && value[0] == "set") {
    return value[1].get<std::vector<nlohmann::json>>();
  }
  return {value};
}

inline std::map<std::string, std::string> to_map(const nlohmann::json& value) {
  std::map<std::string, std::string> out;
  if (value.is_array() && value.size() == 2 && value[0] == "map") {
    for (const nlohmann::json& pair : value[1])
      out[pair[0].get<std::string>()] = pair[1].get<std::string>();
  }
  return out;
}

/// The UUID string of a ["uuid", U] value.
inline std::string uuid_of(const nlohmann::json& value) {
  return value.at(1).get<std::string>();
}

}  // namespace stacksim::live::ovsdb
