#include "core/objectstore/address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <regex>
#include <stdexcept>

namespace stacksim::objectstore {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_ipv4(const std::string& ip) {
  in_addr a{};
  return inet_pton(AF_INET, ip.c_str(), &a) == 1;
}

std::optional<std::string> expand_ipv6(const std::string& ip) {
  in6_addr a{};
  if (inet_pton(AF_INET6, ip.c_str(), &a) != 1) return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, &a, buf, sizeof buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Python's int() of a run of ASCII digits; Swift's parsers call int('') and fail on it.
int parse_int(std::string_view digits, std::string_view whole) {
  if (digits.empty()) {
    throw std::invalid_argument("invalid literal for int() with base 10: '' in " +
                                std::string(whole));
  }
  long long v = 0;
  for (char c : digits) {
    v = v * 10 + (c - '0');
    if (v > std::numeric_limits<int>::max()) {
      throw std::invalid_argument("number " + std::string(digits) + " is too large in " +
                                  std::string(whole));
    }
  }
  return static_cast<int>(v);
}

// Consumes `prefix` followed by digits from the front of `rest`; returns the number.
std::optional<int> take_number(std::string_view& rest, char prefix, std::string_view whole) {
  if (rest.empty() || rest[0] != prefix) return std::nullopt;
  std::size_t i = 1;
  while (i < rest.size() && is_digit(rest[i]))
    ++i;
  const int v = parse_int(rest.substr(1, i - 1), whole);
  rest.remove_prefix(i);
  return v;
}

// utils.parse_address: "<ip>:<port>" up to the next 'R' or '/'.
std::string_view parse_address(std::string_view rest, std::string& ip, int& port) {
  std::string buf(rest);
  if (!buf.empty() && buf[0] == '[') {
    buf.erase(0, 1);
    if (const auto close = buf.find(']'); close != std::string::npos) buf.erase(close, 1);
  }
  std::size_t pos = 0;
  while (pos < buf.size() && buf[pos] != 'R' && buf[pos] != '/')
    ++pos;
  const std::string address = buf.substr(0, pos);
  const std::size_t consumed = rest.size() - (buf.size() - pos);
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("Invalid port in add value");
  const std::string port_text = address.substr(colon + 1);
  const bool digits =
      !port_text.empty() && std::all_of(port_text.begin(), port_text.end(), is_digit);
  if (!digits || port_text.size() > 9) {
    throw std::invalid_argument("Invalid port " + address.substr(colon) + " in add value");
  }
  port = std::stoi(port_text);
  ip = normalize_ip(address.substr(0, colon));
  return rest.substr(consumed);
}

bool valid_device_name(const std::string& name) {
  return !name.empty() && name.front() != ' ' && name.back() != ' ';
}

}  // namespace

std::string normalize_ip(std::string_view ip) {
  const std::string candidate = lower(ip);
  if (is_ipv4(candidate)) return candidate;
  if (auto v6 = expand_ipv6(candidate)) return *v6;
  throw std::invalid_argument("Invalid ip " + std::string(ip));
}

bool is_valid_hostname(std::string_view hostname) {
  if (hostname.empty() || hostname.size() > 255) return false;
  if (hostname.back() == '.') hostname.remove_suffix(1);
  static const std::regex label("[A-Za-z0-9-]{1,63}");
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = hostname.find('.', start);
    const std::string part(hostname.substr(
        start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!std::regex_match(part, label) || part.front() == '-' || part.back() == '-') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string normalize_address(std::string_view address) {
  std::string_view inner = address;
  while (!inner.empty() && inner.front() == '[')
    inner.remove_prefix(1);
  while (!inner.empty() && inner.back() == ']')
    inner.remove_suffix(1);
  if (!address.empty() && address.front() == '[' && address.back() == ']')
    return normalize_ip(inner);
  const std::string candidate = lower(inner);
  if (is_ipv4(candidate)) return candidate;
  if (auto v6 = expand_ipv6(candidate)) return *v6;
  if (is_valid_hostname(candidate)) return candidate;
  throw std::invalid_argument("Invalid address " + std::string(address));
}

AddValue parse_add_value(std::string_view value) {
  const std::string invalid = "Invalid add value: " + std::string(value);
  AddValue out;
  std::string_view rest = value;
  out.region = take_number(rest, 'r', value);
  const auto zone = take_number(rest, 'z', value);
  if (!zone) throw std::invalid_argument(invalid);
  out.zone = *zone;
  if (rest.empty() || rest[0] != '-') throw std::invalid_argument(invalid);
  rest = parse_address(rest.substr(1), out.ip, out.port);
  if (!rest.empty() && rest[0] == 'R') {
    std::string rip;
    int rport = 0;
    rest = parse_address(rest.substr(1), rip, rport);
    out.replication_ip = rip;
    out.replication_port = rport;
  }
  if (rest.empty() || rest[0] != '/') throw std::invalid_argument(invalid);
  std::size_t i = 1;
  while (i < rest.size() && rest[i] != '_')
    ++i;
  out.device = std::string(rest.substr(1, i - 1));
  if (!valid_device_name(out.device)) throw std::invalid_argument("Invalid device name");
  rest.remove_prefix(i);
  if (!rest.empty() && rest[0] == '_') out.meta = std::string(rest.substr(1));
  return out;
}

DeviceSearch parse_search_value(std::string_view value) {
  DeviceSearch q;
  std::string_view rest = value;
  q.id = take_number(rest, 'd', value);
  q.region = take_number(rest, 'r', value);
  q.zone = take_number(rest, 'z', value);
  if (!rest.empty() && rest[0] == '-') rest.remove_prefix(1);
  auto take_ip = [&](std::optional<std::string>& field) {
    if (!rest.empty() && is_digit(rest[0])) {
      std::size_t i = 1;
      while (i < rest.size() && (is_digit(rest[i]) || rest[i] == '.'))
        ++i;
      field = normalize_ip(rest.substr(0, i));
      rest.remove_prefix(i);
    } else if (!rest.empty() && rest[0] == '[') {
      std::size_t i = 1;
      while (i < rest.size() && rest[i] != ']')
        ++i;
      ++i;
      std::string_view inner = rest.substr(0, std::min(i, rest.size()));
      while (!inner.empty() && inner.front() == '[')
        inner.remove_prefix(1);
      while (!inner.empty() && inner.back() == ']')
        inner.remove_suffix(1);
      field = normalize_ip(inner);
      rest.remove_prefix(std::min(i, rest.size()));
    }
  };
  take_ip(q.ip);
  q.port = take_number(rest, ':', value);
  if (!rest.empty() && rest[0] == 'R') {
    rest.remove_prefix(1);
    take_ip(q.replication_ip);
    q.replication_port = take_number(rest, ':', value);
  }
  if (!rest.empty() && rest[0] == '/') {
    std::size_t i = 1;
    while (i < rest.size() && rest[i] != '_')
      ++i;
    q.device = std::string(rest.substr(1, i - 1));
    rest.remove_prefix(i);
  }
  if (!rest.empty() && rest[0] == '_') {
    q.meta = std::string(rest.substr(1));
    rest = {};
  }
  if (!rest.empty())
    throw std::invalid_argument("Invalid <search-value>: '" + std::string(value) + "'");
  return q;
}

}  // namespace stacksim::objectstore
