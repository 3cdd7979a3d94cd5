#pragma once
// A FlowRule parsed once into matchers and actions the packet tracer executes. Only the ovs-ofctl
// vocabulary the compiler emits is understood; anything else is an std::invalid_argument naming
// the rule and the token, so a compiler change cannot go silently unevaluated.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/network/openflow_packet.hpp"
#include "core/runtime/network_driver.hpp"

namespace stacksim::network {

/// A header or metadata field that load: and move: address (NXM names).
enum class FlowField {
  reg0,
  reg1,
  reg2,
  reg3,
  reg4,
  reg5,
  reg6,
  reg7,
  tun_id,
  in_port,
  eth_src,
  eth_dst,
  ip_src,
  ip_dst,
  icmp_type,
  arp_op,
  arp_spa,
  arp_tpa,
  arp_sha,
  arp_tha,
  ipv6_src,  // 128 bits: only whole-field moves between the two
  ipv6_dst,
  nd_ll  // the ND link-layer address option (NXM_NX_ND_SLL and NXM_NX_ND_TLL)
};

/// A bit range of a field: NXM_NX_REG6[0..15]; `last` < 0 is the whole field.
struct FieldSlice {
  FlowField field = FlowField::reg0;
  int first = 0;
  int last = -1;
};

[[nodiscard]] std::uint64_t read_field(const Packet& packet, const FieldSlice& slice);
void write_field(Packet& packet, const FieldSlice& slice, std::uint64_t value);
/// move:FROM->TO (IPv6 addresses whole, the rest through read_field and write_field).
void move_field(Packet& packet, const FieldSlice& from, const FieldSlice& to);

struct FlowMatch {
  enum class Kind {
    in_port,
    dl_src,
    dl_dst,
    dl_vlan,
    vlan_tci,
    dl_type,
    nw_proto,
    nw_src,
    nw_dst,
    ipv6_src,
    ipv6_dst,
    tp_src,
    tp_dst,
    icmp_type,
    icmp_code,
    arp_op,
    arp_spa,
    arp_tpa,
    tun_id,
    reg,
    ct_state,
    nd_target
  };
  Kind kind = Kind::in_port;
  std::uint64_t value = 0;
  std::uint64_t mask = ~std::uint64_t{0};
  int reg = 0;
  Cidr cidr;
  std::uint32_t ct_set = 0;    // ct_state bits that must be set
  std::uint32_t ct_clear = 0;  // ct_state bits that must be clear

  [[nodiscard]] bool matches(const Packet& p) const;
};

struct FlowAction {
  enum class Kind {
    output,
    in_port,
    resubmit,
    mod_vlan_vid,
    strip_vlan,
    mod_dl_src,
    mod_dl_dst,
    mod_nw_src,
    mod_nw_dst,
    dec_ttl,
    load,
    move,
    set_field,  // set_field:VALUE->FIELD for fields load: cannot reach (set_target)
    ct
  };
  enum class SetTarget { ipv6_src, ipv6_dst, nd_reserved, nd_options_type };
  enum class Nat { none, reuse, src, dst };
  Kind kind = Kind::output;
  int number = 0;  // port, table or VLAN ID
  MacAddress mac;
  IpAddress ip;
  std::uint64_t value = 0;
  FieldSlice source;
  FieldSlice destination;
  SetTarget set_target = SetTarget::ipv6_src;
  // ct(...)
  bool commit = false;
  std::optional<int> table;
  std::optional<int> zone;                // a literal zone
  std::optional<FieldSlice> zone_source;  // zone=NXM_NX_REG6[0..15]
  Nat nat = Nat::none;
};

class ParsedFlow {
 public:
  /// Parses `rule`; std::invalid_argument for vocabulary the tracer does not evaluate.
  static ParsedFlow parse(const runtime::FlowRule& rule);

  [[nodiscard]] int table() const noexcept { return table_; }
  [[nodiscard]] int priority() const noexcept { return priority_; }
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  [[nodiscard]] const std::vector<FlowAction>& actions() const noexcept { return actions_; }
  [[nodiscard]] bool matches(const Packet& packet) const;

 private:
  int table_ = 0;
  int priority_ = 0;
  std::string text_;
  std::vector<FlowMatch> matches_;
  std::vector<FlowAction> actions_;
};

}  // namespace stacksim::network
