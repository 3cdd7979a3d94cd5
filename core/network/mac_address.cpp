#include "core/network/mac_address.hpp"

namespace stacksim::network {

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2) {
      if (c != ':') return std::nullopt;
      continue;
    }
    int digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = (value << 4) | static_cast<std::uint64_t>(digit);
  }
  return MacAddress(value);
}

std::string MacAddress::str() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(17);
  for (int octet = 5; octet >= 0; --octet) {
    const auto byte = static_cast<unsigned>((value_ >> (8 * octet)) & 0xFF);
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0xF]);
    if (octet > 0) out.push_back(':');
  }
  return out;
}

std::uint64_t MacAddress::eui64() const noexcept {
  const std::uint64_t upper = value_ >> 24;  // OUI
  const std::uint64_t lower = value_ & 0xFFFFFF;
  return ((upper << 40) | (0xFFFEULL << 24) | lower) ^ (1ULL << 57);  // flip universal/local bit
}

}  // namespace stacksim::network
