#pragma once
// A connection tracker with NAT, the part of Linux/OVS conntrack the compiled tables rely on:
// connections per zone keyed by their 5-tuple in either direction; a connection is new until a
// packet in the reply direction is seen, then established; committing with nat(src=...) or
// nat(dst=...) records a translation that later lookups with nat apply (forward) or undo (reply).
// ICMP echo is tracked by addresses and request/reply type (no identifier).

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/network/openflow_packet.hpp"

namespace stacksim::network {

struct ConnTuple {
  int proto = 0;
  IpAddress src;
  IpAddress dst;
  int sport = 0;
  int dport = 0;

  [[nodiscard]] ConnTuple reversed() const { return {proto, dst, src, dport, sport}; }
  friend auto operator<=>(const ConnTuple&, const ConnTuple&) = default;
  friend bool operator==(const ConnTuple&, const ConnTuple&) = default;
};

/// The tuple of an IP packet (ports zero for protocols without ports; ICMP types for ICMP).
[[nodiscard]] ConnTuple tuple_of(const Packet& packet);

class Conntrack {
 public:
  enum class Nat { none, src, dst };

  /// Looks `packet` up in `zone`: sets its ct_state and, when `apply_nat`, rewrites it by the
  /// connection's translation. With `commit`, a new connection is recorded, translated by
  /// (`nat`, `nat_address`).
  void process(Packet& packet, int zone, bool apply_nat, bool commit, Nat nat,
               const IpAddress& nat_address);

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    ConnTuple original;    // as first seen
    ConnTuple translated;  // original after NAT
    bool established = false;
  };
  std::vector<Entry> entries_;
  std::map<std::pair<int, ConnTuple>, std::pair<std::size_t, bool>> index_;  // -> entry, reply?
};

}  // namespace stacksim::network
