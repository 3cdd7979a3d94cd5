// Security-group rule validation and normalisation, as neutron.db.securitygroups_db does it.

#include "core/network/security_group_rules.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/network/ip_address.hpp"
#include "core/network/network_error.hpp"

namespace stacksim::network {
namespace {

// neutron_lib.constants.IP_PROTOCOL_MAP (with the icmpv6 alias Neutron accepts).
const std::map<std::string, int>& protocol_numbers() {
  static const std::map<std::string, int> numbers = {
      {"ah", 51},         {"dccp", 33},       {"egp", 8},         {"esp", 50},
      {"gre", 47},        {"icmp", 1},        {"icmpv6", 58},     {"igmp", 2},
      {"ipip", 4},        {"ipv6-encap", 41}, {"ipv6-frag", 44},  {"ipv6-icmp", 58},
      {"ipv6-nonxt", 59}, {"ipv6-opts", 60},  {"ipv6-route", 43}, {"ospf", 89},
      {"pgm", 113},       {"rsvp", 46},       {"sctp", 132},      {"tcp", 6},
      {"udp", 17},        {"udplite", 136},   {"vrrp", 112}};
  return numbers;
}

}  // namespace

int protocol_number(const std::optional<std::string>& protocol) {
  if (!protocol || protocol->empty() || *protocol == "any") return -1;
  const auto it = protocol_numbers().find(*protocol);
  if (it != protocol_numbers().end()) return it->second;
  return std::stoi(*protocol);
}

SecurityGroupRule validated_rule(const SecurityGroupRuleRequest& r) {
  if (r.direction != "ingress" && r.direction != "egress") {
    throw invalid_attribute("direction", "'" + r.direction + "' is not in ['ingress', 'egress']");
  }
  if (r.ethertype != "IPv4" && r.ethertype != "IPv6") {
    throw invalid_attribute("ethertype", "'" + r.ethertype + "' is not in ['IPv4', 'IPv6']");
  }
  SecurityGroupRule rule;
  rule.security_group_id = r.security_group_id;
  rule.project_id = r.project_id;
  rule.direction = r.direction;
  rule.ethertype = r.ethertype;
  int number = -1;
  if (r.protocol && !r.protocol->empty() && *r.protocol != "any") {
    const std::string& p = *r.protocol;
    const bool numeric =
        std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (protocol_numbers().count(p) == 1) {
      number = protocol_numbers().at(p);
    } else if (numeric && p.size() <= 3 && std::stoi(p) <= 255) {
      number = std::stoi(p);
    } else {
      std::string values = "[None";
      for (const auto& [name, n] : protocol_numbers())
        values += ", '" + name + "'";
      values += "]";
      throw bad_request("security_group_rule", "Security group rule protocol " + p +
                                                   " not supported. Only protocol "
                                                   "values " +
                                                   values +
                                                   " and integer representations [0 to 255] are "
                                                   "supported");
    }
    rule.protocol = p;
  }
  const bool icmp = number == 1 || number == 58;
  if (number == 1 && r.ethertype == "IPv6") {
    throw bad_request("security_group_rule", "Invalid ethertype IPv6 for protocol " + *r.protocol);
  }
  if ((r.port_range_min || r.port_range_max) && number < 0) {
    throw bad_request("security_group_rule", "Must also specify protocol if port range is given");
  }
  if (icmp) {
    if (r.port_range_max && !r.port_range_min) {
      throw bad_request("security_group_rule",
                        "ICMP code (port-range-max) " + std::to_string(*r.port_range_max) +
                            " is provided but ICMP type (port-range-min) is missing");
    }
    for (const auto& [value, field, attr] :
         {std::tuple{r.port_range_min, "type", "port_range_min"},
          std::tuple{r.port_range_max, "code", "port_range_max"}}) {
      if (value && (*value < 0 || *value > 255)) {
        throw bad_request("security_group_rule", std::string("Invalid value for ICMP ") + field +
                                                     " (" + attr + ") " + std::to_string(*value) +
                                                     ". It must be 0 to 255");
      }
    }
  } else if (number == 6 || number == 17 || number == 132 || number == 33 || number == 136) {
    for (const auto& value : {r.port_range_min, r.port_range_max}) {
      if (value && (*value < 1 || *value > 65535)) {
        throw bad_request("security_group_rule",
                          "Invalid value for port " + std::to_string(*value));
      }
    }
    if (r.port_range_min && r.port_range_max && *r.port_range_min > *r.port_range_max) {
      throw bad_request("security_group_rule",
                        "For TCP/UDP protocols, port_range_min must be <= port_range_max");
    }
    if (r.port_range_min && !r.port_range_max) rule.port_range_max = r.port_range_min;
    if (r.port_range_max && !r.port_range_min) rule.port_range_min = r.port_range_max;
  }
  if (!rule.port_range_min) rule.port_range_min = r.port_range_min;
  if (!rule.port_range_max) rule.port_range_max = r.port_range_max;
  if (r.remote_ip_prefix && r.remote_group_id) {
    throw bad_request("security_group_rule",
                      "Only remote_ip_prefix or remote_group_id may be provided");
  }
  if (r.remote_ip_prefix) {
    const auto cidr = Cidr::parse(*r.remote_ip_prefix, true);
    if (!cidr) {
      throw invalid_attribute("remote_ip_prefix",
                              "'" + *r.remote_ip_prefix + "' is not a valid IP subnet");
    }
    if ((cidr->version() == 4) != (r.ethertype == "IPv4")) {
      throw bad_request("security_group_rule", "Conflicting value ethertype " + r.ethertype +
                                                   " for CIDR " + *r.remote_ip_prefix);
    }
    rule.remote_ip_prefix = cidr->str();
  }
  rule.remote_group_id = r.remote_group_id;
  return rule;
}

}  // namespace stacksim::network
