#include "core/network/parsed_flow.hpp"

#include <map>
#include <stdexcept>

#include "core/network/flow_text.hpp"

namespace stacksim::network {
namespace {

[[noreturn]] void fail(const std::string& rule, const std::string& what) {
  throw std::invalid_argument("flow '" + rule + "': " + what);
}

std::uint64_t number(const std::string& rule, const std::string& text) {
  try {
    std::size_t used = 0;
    const std::uint64_t v = std::stoull(text, &used, 0);
    if (used != text.size()) fail(rule, "'" + text + "' is not a number");
    return v;
  } catch (const std::logic_error&) {
    fail(rule, "'" + text + "' is not a number");
  }
}

/// "value" or "value/mask".
std::pair<std::uint64_t, std::uint64_t> masked(const std::string& rule, const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return {number(rule, text), ~std::uint64_t{0}};
  return {number(rule, text.substr(0, slash)), number(rule, text.substr(slash + 1))};
}

std::pair<std::uint64_t, std::uint64_t> masked_mac(const std::string& rule,
                                                   const std::string& text) {
  const auto slash = text.find('/');
  const auto mac = MacAddress::parse(text.substr(0, slash));
  if (!mac) fail(rule, "'" + text + "' is not a MAC address");
  if (slash == std::string::npos) return {mac->value(), 0xFFFFFFFFFFFFULL};
  const auto mask = MacAddress::parse(text.substr(slash + 1));
  if (!mask) fail(rule, "'" + text + "' has no valid MAC mask");
  return {mac->value(), mask->value()};
}

Cidr cidr_of(const std::string& rule, const std::string& text) {
  const auto c = Cidr::parse(text, true);
  if (!c) fail(rule, "'" + text + "' is not an address or prefix");
  return *c;
}

FieldSlice slice_of(const std::string& rule, const std::string& text) {
  static const std::map<std::string, FlowField> fields = {
      {"NXM_NX_REG0", FlowField::reg0},
      {"NXM_NX_REG1", FlowField::reg1},
      {"NXM_NX_REG2", FlowField::reg2},
      {"NXM_NX_REG3", FlowField::reg3},
      {"NXM_NX_REG4", FlowField::reg4},
      {"NXM_NX_REG5", FlowField::reg5},
      {"NXM_NX_REG6", FlowField::reg6},
      {"NXM_NX_REG7", FlowField::reg7},
      {"NXM_NX_TUN_ID", FlowField::tun_id},
      {"NXM_OF_IN_PORT", FlowField::in_port},
      {"NXM_OF_ETH_SRC", FlowField::eth_src},
      {"NXM_OF_ETH_DST", FlowField::eth_dst},
      {"NXM_OF_IP_SRC", FlowField::ip_src},
      {"NXM_OF_IP_DST", FlowField::ip_dst},
      {"NXM_OF_ICMP_TYPE", FlowField::icmp_type},
      {"NXM_OF_ARP_OP", FlowField::arp_op},
      {"NXM_OF_ARP_SPA", FlowField::arp_spa},
      {"NXM_OF_ARP_TPA", FlowField::arp_tpa},
      {"NXM_NX_ARP_SHA", FlowField::arp_sha},
      {"NXM_NX_ARP_THA", FlowField::arp_tha},
      {"NXM_NX_IPV6_SRC", FlowField::ipv6_src},
      {"NXM_NX_IPV6_DST", FlowField::ipv6_dst},
      {"NXM_NX_ND_SLL", FlowField::nd_ll},
      {"NXM_NX_ND_TLL", FlowField::nd_ll},
      {"NXM_NX_ICMPV6_TYPE", FlowField::icmp_type}};
  const auto open = text.find('[');
  if (open == std::string::npos || text.back() != ']') fail(rule, "'" + text + "' is not a field");
  const auto it = fields.find(text.substr(0, open));
  if (it == fields.end()) fail(rule, "field '" + text + "' is not evaluated");
  FieldSlice s{it->second, 0, -1};
  const std::string range = text.substr(open + 1, text.size() - open - 2);
  if (!range.empty()) {
    const auto dots = range.find("..");
    if (dots == std::string::npos) fail(rule, "'" + text + "' has a bad bit range");
    s.first = static_cast<int>(number(rule, range.substr(0, dots)));
    s.last = static_cast<int>(number(rule, range.substr(dots + 2)));
  }
  return s;
}

FlowAction ct_action(const std::string& rule, const std::string& body) {
  FlowAction a;
  a.kind = FlowAction::Kind::ct;
  std::size_t start = 0;
  int depth = 0;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i <= body.size(); ++i) {
    if (i == body.size() || (body[i] == ',' && depth == 0)) {
      parts.push_back(body.substr(start, i - start));
      start = i + 1;
    } else if (body[i] == '(') {
      ++depth;
    } else if (body[i] == ')') {
      --depth;
    }
  }
  for (const std::string& part : parts) {
    if (part == "commit") {
      a.commit = true;
    } else if (part.rfind("table=", 0) == 0) {
      a.table = static_cast<int>(number(rule, part.substr(6)));
    } else if (part.rfind("zone=", 0) == 0) {
      const std::string zone = part.substr(5);
      if (zone.rfind("NXM_", 0) == 0) {
        a.zone_source = slice_of(rule, zone);
      } else {
        a.zone = static_cast<int>(number(rule, zone));
      }
    } else if (part == "nat") {
      a.nat = FlowAction::Nat::reuse;
    } else if (part.rfind("nat(src=", 0) == 0 || part.rfind("nat(dst=", 0) == 0) {
      a.nat = part[4] == 's' ? FlowAction::Nat::src : FlowAction::Nat::dst;
      const auto ip = IpAddress::parse(part.substr(8, part.size() - 9));
      if (!ip || part.back() != ')') fail(rule, "'" + part + "' is not nat(src|dst=ADDRESS)");
      a.ip = *ip;
    } else {
      fail(rule, "ct argument '" + part + "' is not evaluated");
    }
  }
  return a;
}

FlowAction parse_action(const std::string& rule, const std::string& text) {
  FlowAction a;
  auto after = [&](const char* prefix) { return text.substr(std::string(prefix).size()); };
  auto starts = [&](const char* prefix) { return text.rfind(prefix, 0) == 0; };
  if (starts("output:")) {
    a.kind = FlowAction::Kind::output;
    a.number = static_cast<int>(number(rule, after("output:")));
  } else if (text == "in_port") {
    a.kind = FlowAction::Kind::in_port;
  } else if (starts("resubmit(,") && text.back() == ')') {
    a.kind = FlowAction::Kind::resubmit;
    a.number = static_cast<int>(number(rule, text.substr(10, text.size() - 11)));
  } else if (starts("mod_vlan_vid:")) {
    a.kind = FlowAction::Kind::mod_vlan_vid;
    a.number = static_cast<int>(number(rule, after("mod_vlan_vid:")));
  } else if (text == "strip_vlan") {
    a.kind = FlowAction::Kind::strip_vlan;
  } else if (starts("mod_dl_src:") || starts("mod_dl_dst:")) {
    a.kind = starts("mod_dl_src:") ? FlowAction::Kind::mod_dl_src : FlowAction::Kind::mod_dl_dst;
    const auto mac = MacAddress::parse(after("mod_dl_src:"));
    if (!mac) fail(rule, "'" + text + "' has no valid MAC");
    a.mac = *mac;
  } else if (starts("mod_nw_src:") || starts("mod_nw_dst:")) {
    a.kind = starts("mod_nw_src:") ? FlowAction::Kind::mod_nw_src : FlowAction::Kind::mod_nw_dst;
    const auto ip = IpAddress::parse(after("mod_nw_src:"));
    if (!ip) fail(rule, "'" + text + "' has no valid address");
    a.ip = *ip;
  } else if (text == "dec_ttl") {
    a.kind = FlowAction::Kind::dec_ttl;
  } else if (starts("load:") || starts("move:")) {
    const auto arrow = text.find("->");
    if (arrow == std::string::npos) fail(rule, "'" + text + "' has no '->'");
    const std::string from = text.substr(5, arrow - 5);
    a.destination = slice_of(rule, text.substr(arrow + 2));
    if (starts("load:")) {
      a.kind = FlowAction::Kind::load;
      a.value = number(rule, from);
    } else {
      a.kind = FlowAction::Kind::move;
      a.source = slice_of(rule, from);
    }
    auto ipv6 = [](const FieldSlice& f) {
      return f.field == FlowField::ipv6_src || f.field == FlowField::ipv6_dst;
    };
    const bool whole_ipv6_move = a.kind == FlowAction::Kind::move && ipv6(a.source) &&
                                 ipv6(a.destination) && a.source.last < 0 && a.destination.last < 0;
    if ((ipv6(a.destination) || (a.kind == FlowAction::Kind::move && ipv6(a.source))) &&
        !whole_ipv6_move) {
      fail(rule, "'" + text + "': IPv6 addresses only move whole, between each other");
    }
  } else if (starts("set_field:")) {
    const auto arrow = text.find("->");
    if (arrow == std::string::npos) fail(rule, "'" + text + "' has no '->'");
    const std::string value = text.substr(10, arrow - 10);
    const std::string field = text.substr(arrow + 2);
    a.kind = FlowAction::Kind::set_field;
    if (field == "ipv6_src" || field == "ipv6_dst") {
      a.set_target =
          field == "ipv6_src" ? FlowAction::SetTarget::ipv6_src : FlowAction::SetTarget::ipv6_dst;
      const auto ip = IpAddress::parse(value);
      if (!ip || ip->version() != 6) fail(rule, "'" + text + "' has no valid IPv6 address");
      a.ip = *ip;
    } else if (field == "nd_reserved" || field == "nd_options_type") {
      a.set_target = field == "nd_reserved" ? FlowAction::SetTarget::nd_reserved
                                            : FlowAction::SetTarget::nd_options_type;
      a.value = number(rule, value);
    } else {
      fail(rule, "set_field of '" + field + "' is not evaluated");
    }
  } else if (starts("ct(") && text.back() == ')') {
    a = ct_action(rule, text.substr(3, text.size() - 4));
  } else {
    fail(rule, "action '" + text + "' is not evaluated");
  }
  return a;
}

void add_match(const std::string& rule, const std::string& key, const std::string& value,
               std::vector<FlowMatch>& out) {
  using K = FlowMatch::Kind;
  auto protocol = [&](int type, int proto) {
    FlowMatch m;
    m.kind = K::dl_type;
    m.value = static_cast<std::uint64_t>(type);
    out.push_back(m);
    if (proto < 0) return;
    m.kind = K::nw_proto;
    m.value = static_cast<std::uint64_t>(proto);
    out.push_back(m);
  };
  static const std::map<std::string, std::pair<int, int>> shorthands = {
      {"ip", {eth_type_ipv4, -1}},
      {"ipv6", {eth_type_ipv6, -1}},
      {"arp", {eth_type_arp, -1}},
      {"tcp", {eth_type_ipv4, ip_proto_tcp}},
      {"udp", {eth_type_ipv4, ip_proto_udp}},
      {"icmp", {eth_type_ipv4, ip_proto_icmp}},
      {"tcp6", {eth_type_ipv6, ip_proto_tcp}},
      {"udp6", {eth_type_ipv6, ip_proto_udp}},
      {"icmp6", {eth_type_ipv6, ip_proto_icmpv6}}};
  if (const auto it = shorthands.find(key); it != shorthands.end() && value.empty()) {
    protocol(it->second.first, it->second.second);
    return;
  }
  FlowMatch m;
  static const std::map<std::string, K> numeric = {
      {"in_port", K::in_port}, {"dl_vlan", K::dl_vlan},     {"vlan_tci", K::vlan_tci},
      {"dl_type", K::dl_type}, {"nw_proto", K::nw_proto},   {"tp_src", K::tp_src},
      {"tp_dst", K::tp_dst},   {"icmp_type", K::icmp_type}, {"icmp_code", K::icmp_code},
      {"arp_op", K::arp_op},   {"tun_id", K::tun_id}};
  static const std::map<std::string, K> prefixes = {
      {"nw_src", K::nw_src},      {"nw_dst", K::nw_dst},   {"ipv6_src", K::ipv6_src},
      {"ipv6_dst", K::ipv6_dst},  {"arp_spa", K::arp_spa}, {"arp_tpa", K::arp_tpa},
      {"nd_target", K::nd_target}};
  if (const auto it = numeric.find(key); it != numeric.end()) {
    m.kind = it->second;
    std::tie(m.value, m.mask) = masked(rule, value);
  } else if (const auto p = prefixes.find(key); p != prefixes.end()) {
    m.kind = p->second;
    m.cidr = cidr_of(rule, value);
  } else if (key == "dl_src" || key == "dl_dst") {
    m.kind = key == "dl_src" ? K::dl_src : K::dl_dst;
    std::tie(m.value, m.mask) = masked_mac(rule, value);
  } else if (key.size() == 4 && key.rfind("reg", 0) == 0 && key[3] >= '0' && key[3] <= '7') {
    m.kind = K::reg;
    m.reg = key[3] - '0';
    std::tie(m.value, m.mask) = masked(rule, value);
  } else if (key == "ct_state") {
    m.kind = K::ct_state;
    static const std::map<std::string, std::uint32_t> bits = {{"new", ct_new}, {"est", ct_est},
                                                              {"rel", ct_rel}, {"rpl", ct_rpl},
                                                              {"inv", ct_inv}, {"trk", ct_trk}};
    std::size_t i = 0;
    while (i < value.size()) {
      const char sign = value[i];
      std::size_t j = i + 1;
      while (j < value.size() && value[j] != '+' && value[j] != '-')
        ++j;
      const auto bit = bits.find(value.substr(i + 1, j - i - 1));
      if ((sign != '+' && sign != '-') || bit == bits.end()) {
        fail(rule, "ct_state '" + value + "' is not understood");
      }
      (sign == '+' ? m.ct_set : m.ct_clear) |= bit->second;
      i = j;
    }
  } else {
    fail(rule, "match field '" + key + "' is not evaluated");
  }
  out.push_back(m);
}

}  // namespace

bool FlowMatch::matches(const Packet& p) const {
  const bool ip4 = p.dl_type == eth_type_ipv4;
  const bool ip6 = p.dl_type == eth_type_ipv6;
  const bool arp = p.dl_type == eth_type_arp;
  const bool ported =
      p.is_ip() && (p.nw_proto == ip_proto_tcp || p.nw_proto == ip_proto_udp || p.nw_proto == 132);
  auto eq = [&](std::uint64_t field) { return (field & mask) == (value & mask); };
  switch (kind) {
    case Kind::in_port:
      return eq(static_cast<std::uint64_t>(p.in_port));
    case Kind::dl_src:
      return eq(p.dl_src.value());
    case Kind::dl_dst:
      return eq(p.dl_dst.value());
    case Kind::dl_vlan:
      return p.vlan && eq(static_cast<std::uint64_t>(*p.vlan));
    case Kind::vlan_tci:
      return eq(p.vlan ? 0x1000u | static_cast<unsigned>(*p.vlan) : 0u);
    case Kind::dl_type:
      return eq(static_cast<std::uint64_t>(p.dl_type));
    case Kind::nw_proto:
      return p.is_ip() && eq(static_cast<std::uint64_t>(p.nw_proto));
    case Kind::nw_src:
      return ip4 && cidr.contains(p.nw_src);
    case Kind::nw_dst:
      return ip4 && cidr.contains(p.nw_dst);
    case Kind::ipv6_src:
      return ip6 && cidr.contains(p.nw_src);
    case Kind::ipv6_dst:
      return ip6 && cidr.contains(p.nw_dst);
    case Kind::tp_src:
      return ported && eq(static_cast<std::uint64_t>(p.tp_src));
    case Kind::tp_dst:
      return ported && eq(static_cast<std::uint64_t>(p.tp_dst));
    case Kind::icmp_type:
      return p.is_icmp() && eq(static_cast<std::uint64_t>(p.tp_src));
    case Kind::icmp_code:
      return p.is_icmp() && eq(static_cast<std::uint64_t>(p.tp_dst));
    case Kind::arp_op:
      return arp && eq(static_cast<std::uint64_t>(p.arp_op));
    case Kind::arp_spa:
      return arp && cidr.contains(p.arp_spa);
    case Kind::arp_tpa:
      return arp && cidr.contains(p.arp_tpa);
    case Kind::tun_id:
      return eq(p.tun_id);
    case Kind::reg:
      return eq(p.regs[static_cast<std::size_t>(reg)]);
    case Kind::ct_state:
      return (p.ct_state & ct_set) == ct_set && (p.ct_state & ct_clear) == 0;
    case Kind::nd_target:
      return p.is_neighbor_discovery() && cidr.contains(p.nd_target);
  }
  return false;
}

ParsedFlow ParsedFlow::parse(const runtime::FlowRule& rule) {
  ParsedFlow f;
  f.table_ = rule.table;
  f.priority_ = rule.priority;
  f.text_ = to_ofctl(rule);
  for (const auto& [key, value] : rule.match)
    add_match(f.text_, key, value, f.matches_);
  for (const std::string& action : rule.actions) {
    if (action == "drop") continue;
    f.actions_.push_back(parse_action(f.text_, action));
  }
  return f;
}

bool ParsedFlow::matches(const Packet& packet) const {
  for (const FlowMatch& m : matches_)
    if (!m.matches(packet)) return false;
  return true;
}

namespace {

int field_width(FlowField f) {
  switch (f) {
    case FlowField::tun_id:
      return 64;
    case FlowField::eth_src:
    case FlowField::eth_dst:
    case FlowField::arp_sha:
    case FlowField::arp_tha:
    case FlowField::nd_ll:
      return 48;
    case FlowField::arp_op:
    case FlowField::in_port:
      return 16;
    case FlowField::icmp_type:
      return 8;
    default:
      return 32;
  }
}

std::uint64_t whole(const Packet& p, FlowField f) {
  switch (f) {
    case FlowField::tun_id:
      return p.tun_id;
    case FlowField::in_port:
      return static_cast<std::uint64_t>(p.in_port);
    case FlowField::eth_src:
      return p.dl_src.value();
    case FlowField::eth_dst:
      return p.dl_dst.value();
    case FlowField::ip_src:
      return p.nw_src.v4_value();
    case FlowField::ip_dst:
      return p.nw_dst.v4_value();
    case FlowField::icmp_type:
      return static_cast<std::uint64_t>(p.tp_src);
    case FlowField::arp_op:
      return static_cast<std::uint64_t>(p.arp_op);
    case FlowField::arp_spa:
      return p.arp_spa.v4_value();
    case FlowField::arp_tpa:
      return p.arp_tpa.v4_value();
    case FlowField::arp_sha:
      return p.arp_sha.value();
    case FlowField::arp_tha:
      return p.arp_tha.value();
    case FlowField::nd_ll:
      return p.nd_ll.value();
    default:
      return p.regs[static_cast<std::size_t>(f) - static_cast<std::size_t>(FlowField::reg0)];
  }
}

void assign(Packet& p, FlowField f, std::uint64_t v) {
  switch (f) {
    case FlowField::tun_id:
      p.tun_id = v;
      break;
    case FlowField::in_port:
      p.in_port = static_cast<int>(v);
      break;
    case FlowField::eth_src:
      p.dl_src = MacAddress(v);
      break;
    case FlowField::eth_dst:
      p.dl_dst = MacAddress(v);
      break;
    case FlowField::ip_src:
      p.nw_src = IpAddress::v4(static_cast<std::uint32_t>(v));
      break;
    case FlowField::ip_dst:
      p.nw_dst = IpAddress::v4(static_cast<std::uint32_t>(v));
      break;
    case FlowField::icmp_type:
      p.tp_src = static_cast<int>(v);
      break;
    case FlowField::arp_op:
      p.arp_op = static_cast<int>(v);
      break;
    case FlowField::arp_spa:
      p.arp_spa = IpAddress::v4(static_cast<std::uint32_t>(v));
      break;
    case FlowField::arp_tpa:
      p.arp_tpa = IpAddress::v4(static_cast<std::uint32_t>(v));
      break;
    case FlowField::arp_sha:
      p.arp_sha = MacAddress(v);
      break;
    case FlowField::arp_tha:
      p.arp_tha = MacAddress(v);
      break;
    case FlowField::nd_ll:
      p.nd_ll = MacAddress(v);
      break;
    default:
      p.regs[static_cast<std::size_t>(f) - static_cast<std::size_t>(FlowField::reg0)] =
          static_cast<std::uint32_t>(v);
  }
}

std::uint64_t bits(int first, int last) {
  const int n = last - first + 1;
  return (n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1) << first;
}

}  // namespace

std::uint64_t read_field(const Packet& packet, const FieldSlice& slice) {
  const int last = slice.last < 0 ? field_width(slice.field) - 1 : slice.last;
  return (whole(packet, slice.field) & bits(slice.first, last)) >> slice.first;
}

void write_field(Packet& packet, const FieldSlice& slice, std::uint64_t value) {
  const int last = slice.last < 0 ? field_width(slice.field) - 1 : slice.last;
  const std::uint64_t mask = bits(slice.first, last);
  const std::uint64_t current = whole(packet, slice.field);
  assign(packet, slice.field, (current & ~mask) | ((value << slice.first) & mask));
}

void move_field(Packet& packet, const FieldSlice& from, const FieldSlice& to) {
  if (to.field == FlowField::ipv6_src || to.field == FlowField::ipv6_dst) {
    // ParsedFlow::parse admits IPv6 moves only whole and between the two address fields.
    const IpAddress value = from.field == FlowField::ipv6_src ? packet.nw_src : packet.nw_dst;
    (to.field == FlowField::ipv6_src ? packet.nw_src : packet.nw_dst) = value;
    return;
  }
  write_field(packet, to, read_field(packet, from));
}

}  // namespace stacksim::network
