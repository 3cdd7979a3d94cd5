#include "core/network/ip_address.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace stacksim::network {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  const std::string s(text);
  if (s.find(':') == std::string::npos) {
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) != 1) return std::nullopt;
    return IpAddress::v4(ntohl(v4.s_addr));
  }
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, s.c_str(), bytes.data()) != 1) return std::nullopt;
  Uint128 value = 0;
  for (unsigned char b : bytes)
    value = (value << 8) | b;
  return IpAddress(6, value);
}

std::string IpAddress::str() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (version_ == 4) {
    in_addr v4{};
    v4.s_addr = htonl(v4_value());
    inet_ntop(AF_INET, &v4, buffer, sizeof buffer);
  } else {
    std::array<unsigned char, 16> bytes{};
    Uint128 v = value_;
    for (int i = 15; i >= 0; --i) {
      bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(v & 0xFF);
      v >>= 8;
    }
    inet_ntop(AF_INET6, bytes.data(), buffer, sizeof buffer);
  }
  return buffer;
}

std::string IpAddress::key() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(32, '0');
  Uint128 v = value_;
  for (int i = 31; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = digits[static_cast<unsigned>(v & 0xF)];
    v >>= 4;
  }
  return out;
}

std::optional<Cidr> Cidr::parse(std::string_view text, bool allow_bare_address) {
  const auto slash = text.find('/');
  const auto ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const int max = ip->version() == 4 ? 32 : 128;
  if (slash == std::string_view::npos) {
    if (!allow_bare_address) return std::nullopt;
    return Cidr(*ip, max);
  }
  const std::string_view digits = text.substr(slash + 1);
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  int prefix = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  if (prefix > max) return std::nullopt;
  return Cidr(*ip, prefix);
}

Uint128 Cidr::host_mask() const noexcept {
  const int host_bits = max_prefix_length() - prefix_length_;
  if (host_bits >= 128) return ~Uint128{0};
  return (Uint128{1} << host_bits) - 1;
}

IpAddress Cidr::first() const noexcept {
  return {version(),
          address_.value() & ~host_mask() & (version() == 4 ? 0xFFFFFFFFu : ~Uint128{0})};
}

IpAddress Cidr::last() const noexcept {
  return {version(), first().value() | host_mask()};
}

bool Cidr::contains(const IpAddress& ip) const noexcept {
  return ip.version() == version() && ip >= first() && ip <= last();
}

bool Cidr::contains(const Cidr& other) const noexcept {
  return other.version() == version() && other.prefix_length_ >= prefix_length_ &&
         contains(other.first());
}

bool Cidr::overlaps(const Cidr& other) const noexcept {
  return contains(other) || other.contains(*this);
}

std::string Cidr::str() const {
  return first().str() + "/" + std::to_string(prefix_length_);
}

std::string Cidr::netmask() const {
  return IpAddress::v4(static_cast<std::uint32_t>(~host_mask())).str();
}

}  // namespace stacksim::network
