#pragma once
// swift-ring-builder's device strings: IP/hostname normalisation, the add value
// "[r<region>]z<zone>-<ip>:<port>[R<r_ip>:<r_port>]/<device>_<meta>" and the search value
// "d<id>r<region>z<zone>-<ip>:<port>R<r_ip>:<r_port>/<device>_<meta>" (swift/common/ring/utils.py).
// Errors are std::invalid_argument with Swift's messages.

#include <optional>
#include <string>
#include <string_view>

#include "core/objectstore/ring_builder.hpp"

namespace stacksim::objectstore {

/// Lower-cases an IPv4 address or expands an IPv6 one; throws "Invalid ip <ip>".
std::string normalize_ip(std::string_view ip);
/// Like normalize_ip but also accepts host names ("[...]" forces an IP).
std::string normalize_address(std::string_view address);
bool is_valid_hostname(std::string_view hostname);

/// A parsed add value; region absent when the string does not start with r<N>.
struct AddValue {
  std::optional<int> region;
  int zone = 0;
  std::string ip;
  int port = 0;
  std::optional<std::string> replication_ip;
  std::optional<int> replication_port;
  std::string device;
  std::string meta;
};

AddValue parse_add_value(std::string_view value);
DeviceSearch parse_search_value(std::string_view value);

}  // namespace stacksim::objectstore
