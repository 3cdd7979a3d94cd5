#pragma once
// IPv4 and IPv6 addresses and CIDRs as values: parsing (inet_pton's strictness), text in canonical
// form (RFC 5952 for IPv6), ordering, containment and overlap, as netaddr gives Neutron.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stacksim::network {

using Uint128 = __uint128_t;

class IpAddress {
 public:
  IpAddress() = default;
  IpAddress(int version, Uint128 value) noexcept : version_(version), value_(value) {}
  static IpAddress v4(std::uint32_t value) noexcept { return {4, value}; }

  /// nullopt unless `text` is a dotted-quad IPv4 or an RFC 4291 IPv6 address.
  static std::optional<IpAddress> parse(std::string_view text);

  [[nodiscard]] int version() const noexcept { return version_; }
  [[nodiscard]] Uint128 value() const noexcept { return value_; }
  [[nodiscard]] std::uint32_t v4_value() const noexcept {
    return static_cast<std::uint32_t>(value_);
  }
  [[nodiscard]] std::string str() const;
  /// 32 hex digits: sorts like the numeric value, so SQLite can order and compare stored addresses.
  [[nodiscard]] std::string key() const;
  /// The address `delta` above this one (the caller keeps it inside its range).
  [[nodiscard]] IpAddress plus(Uint128 delta) const noexcept { return {version_, value_ + delta}; }
  [[nodiscard]] IpAddress minus(Uint128 delta) const noexcept { return {version_, value_ - delta}; }

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress& a, const IpAddress& b) noexcept {
    if (a.version_ != b.version_) return a.version_ <=> b.version_;
    return a.value_ <=> b.value_;
  }

 private:
  int version_ = 4;
  Uint128 value_ = 0;
};

/// An address with a prefix length, e.g. "10.0.0.0/24" or "2001:db8::/64".
class Cidr {
 public:
  Cidr() = default;
  Cidr(IpAddress address, int prefix_length) noexcept
      : address_(address), prefix_length_(prefix_length) {}

  /// nullopt unless `text` is ADDRESS/PREFIX with a prefix that fits the version. A bare address
  /// is a host route (/32 or /128) when `allow_bare_address` is set.
  static std::optional<Cidr> parse(std::string_view text, bool allow_bare_address = false);

  [[nodiscard]] int version() const noexcept { return address_.version(); }
  [[nodiscard]] int prefix_length() const noexcept { return prefix_length_; }
  [[nodiscard]] int max_prefix_length() const noexcept { return version() == 4 ? 32 : 128; }
  /// The address as written (host bits kept).
  [[nodiscard]] IpAddress address() const noexcept { return address_; }
  [[nodiscard]] IpAddress first() const noexcept;  // the network address
  [[nodiscard]] IpAddress last() const noexcept;   // the IPv4 broadcast / last IPv6 address
  [[nodiscard]] Uint128 host_mask() const noexcept;
  [[nodiscard]] bool has_host_bits() const noexcept { return address_ != first(); }
  [[nodiscard]] Cidr network() const noexcept { return {first(), prefix_length_}; }
  [[nodiscard]] bool contains(const IpAddress& ip) const noexcept;
  [[nodiscard]] bool contains(const Cidr& other) const noexcept;
  [[nodiscard]] bool overlaps(const Cidr& other) const noexcept;
  /// "network/prefix" (host bits cleared).
  [[nodiscard]] std::string str() const;
  /// The netmask in dotted-quad form (IPv4 only), as ovs-ofctl accepts after a slash.
  [[nodiscard]] std::string netmask() const;

  friend bool operator==(const Cidr&, const Cidr&) = default;

 private:
  IpAddress address_;
  int prefix_length_ = 0;
};

}  // namespace stacksim::network
