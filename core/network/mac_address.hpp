#pragma once
// Ethernet MAC addresses: parsing, canonical lower-case text, and the hex form ovs-ofctl's load:
// action takes. Neutron's base_mac "fa:16:3e:00:00:00" keeps the first three octets of every port.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stacksim::network {

class MacAddress {
 public:
  MacAddress() = default;
  explicit MacAddress(std::uint64_t value) noexcept : value_(value & 0xFFFFFFFFFFFFULL) {}

  /// nullopt unless `text` is six colon-separated hex octets.
  static std::optional<MacAddress> parse(std::string_view text);

  [[nodiscard]] std::uint64_t value() const noexcept { return value_; }
  [[nodiscard]] std::string str() const;  // "fa:16:3e:0a:1b:2c"
  [[nodiscard]] bool is_multicast() const noexcept { return (value_ >> 40) & 1; }
  /// The modified EUI-64 interface identifier (RFC 4291 appendix A) used by SLAAC.
  [[nodiscard]] std::uint64_t eui64() const noexcept;

  friend bool operator==(const MacAddress&, const MacAddress&) = default;
  friend auto operator<=>(const MacAddress&, const MacAddress&) = default;

 private:
  std::uint64_t value_ = 0;
};

}  // namespace stacksim::network
