#include "core/network/conntrack.hpp"

namespace stacksim::network {
namespace {

void set_addresses(Packet& p, const ConnTuple& t) {
  p.nw_src = t.src;
  p.nw_dst = t.dst;
  if (!p.is_icmp()) {
    p.tp_src = t.sport;
    p.tp_dst = t.dport;
  }
}

}  // namespace

ConnTuple tuple_of(const Packet& p) {
  if (p.is_icmp()) {
    // Echo request and reply pair up (8/0, 128/129): the request is (type, reply type) and the
    // reply its reverse, so a new request the other way is not mistaken for a reply.
    const int request = p.nw_proto == ip_proto_icmp ? 8 : 128;
    const int reply = p.nw_proto == ip_proto_icmp ? 0 : 129;
    if (p.tp_src == request) return {p.nw_proto, p.nw_src, p.nw_dst, request, reply};
    if (p.tp_src == reply) return {p.nw_proto, p.nw_src, p.nw_dst, reply, request};
    return {p.nw_proto, p.nw_src, p.nw_dst, p.tp_src, p.tp_dst};
  }
  const bool ported = p.nw_proto == ip_proto_tcp || p.nw_proto == ip_proto_udp;
  return {p.nw_proto, p.nw_src, p.nw_dst, ported ? p.tp_src : 0, ported ? p.tp_dst : 0};
}

void Conntrack::process(Packet& packet, int zone, bool apply_nat, bool commit, Nat nat,
                        const IpAddress& nat_address) {
  const ConnTuple t = tuple_of(packet);
  const auto found = index_.find({zone, t});
  std::uint32_t state = ct_trk;
  if (found == index_.end()) {
    state |= ct_new;
    if (commit) {
      ConnTuple translated = t;
      if (nat == Nat::src) translated.src = nat_address;
      if (nat == Nat::dst) translated.dst = nat_address;
      entries_.push_back({t, translated, false});
      const std::size_t id = entries_.size() - 1;
      index_[{zone, t}] = {id, false};
      index_[{zone, translated.reversed()}] = {id, true};
      if (nat != Nat::none) set_addresses(packet, translated);
    }
  } else {
    Entry& e = entries_[found->second.first];
    const bool reply = found->second.second;
    if (reply) {
      e.established = true;
      state |= ct_est | ct_rpl;
      if (apply_nat) set_addresses(packet, e.original.reversed());
    } else {
      state |= e.established ? ct_est : ct_new;
      if (apply_nat) set_addresses(packet, e.translated);
    }
  }
  packet.ct_state = state;
}

}  // namespace stacksim::network
