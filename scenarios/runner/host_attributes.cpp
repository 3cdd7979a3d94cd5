#include "scenarios/runner/host_attributes.hpp"

#include <optional>

#include "scenarios/traces/row_fields.hpp"

namespace stacksim::scenarios {
namespace {

std::optional<std::string> attribute(const HostPool::HostInfo& host, const std::string& name) {
  if (host.properties != nullptr) {
    const auto it = host.properties->find(name);
    if (it != host.properties->end()) return it->second;
  }
  if (name == "availability_zone") return host.availability_zone;
  if (name == "rack" && !host.rack.empty()) return host.rack;
  if (name == "hostname") return host.name;
  return std::nullopt;
}

}  // namespace

bool host_attribute_matches(const HostPool::HostInfo& host, const PlacementConstraint& c) {
  const std::optional<std::string> value = attribute(host, c.key);
  if (c.relation == "present") return value.has_value();
  if (c.relation == "absent") return !value.has_value();
  if (!value) return c.relation == "!=";
  double a = 0, b = 0;
  int order = 0;
  if (parse_double(*value, a) && parse_double(c.value, b)) {
    order = a < b ? -1 : (a > b ? 1 : 0);
  } else {
    order = value->compare(c.value) < 0 ? -1 : (value->compare(c.value) > 0 ? 1 : 0);
  }
  if (c.relation == "==") return order == 0;
  if (c.relation == "!=") return order != 0;
  if (c.relation == "<") return order < 0;
  if (c.relation == ">") return order > 0;
  if (c.relation == "<=") return order <= 0;
  if (c.relation == ">=") return order >= 0;
  return false;
}

}  // namespace stacksim::scenarios
