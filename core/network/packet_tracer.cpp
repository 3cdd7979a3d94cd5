#include "core/network/packet_tracer.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/network/flow_layout.hpp"
#include "core/network/host_layout.hpp"
#include "core/network/parsed_flow.hpp"

namespace stacksim::network {
namespace {

// OVS gives up after 64 nested resubmits; the budget of rule lookups bounds floods across hosts.
constexpr int max_depth = 64;
constexpr int max_lookups = 100000;

struct PortEnd {
  enum class Kind { vif, patch, tunnel, uplink } kind = Kind::vif;
  std::string port_id;      // vif
  std::string peer_bridge;  // patch
  int peer_ofport = 0;      // patch
  std::string remote_host;  // tunnel
  NetworkType tunnel_type = NetworkType::vxlan;
  std::string physnet;  // uplink
};

struct Bridge {
  std::string host;
  std::string name;
  std::map<int, std::vector<ParsedFlow>> tables;  // each sorted by priority, highest first
  std::map<int, PortEnd> ports;
};

}  // namespace

struct PacketTracer::State {
  TopologySnapshot topology;
  std::map<std::pair<std::string, std::string>, Bridge> bridges;  // (host, bridge)
  std::map<std::string, Conntrack> conntrack;                     // per host
  TraceResult* result = nullptr;
  int lookups = 0;

  void load(const std::vector<HostPlan>& plans);
  void run(Bridge& bridge, Packet& packet, int table, int depth);
  void apply(Bridge& bridge, Packet& packet, const FlowAction& a, int depth);
  void emit(Bridge& bridge, const Packet& packet, int ofport, bool to_in_port, int depth);
  void fabric(const std::string& from_host, const std::string& physnet, const Packet& frame,
              int depth);
  Bridge* find(const std::string& host, const std::string& name) {
    const auto it = bridges.find({host, name});
    return it == bridges.end() ? nullptr : &it->second;
  }
};

void PacketTracer::State::load(const std::vector<HostPlan>& plans) {
  for (const HostPlan& plan : plans) {
    for (const BridgePlan& b : plan.bridges) {
      Bridge& bridge = bridges[{plan.host, b.name}];
      bridge.host = plan.host;
      bridge.name = b.name;
      for (const runtime::FlowRule& r : b.flows.rules)
        bridge.tables[r.table].push_back(ParsedFlow::parse(r));
      for (auto& [table, flows] : bridge.tables) {
        std::stable_sort(flows.begin(), flows.end(), [](const ParsedFlow& x, const ParsedFlow& y) {
          return x.priority() > y.priority();
        });
      }
      for (const runtime::PortSpec& p : b.ports) {
        PortEnd end;
        if (p.type == "patch") {
          end.kind = PortEnd::Kind::patch;
          end.peer_ofport = 0;
          // The peer is the port of that name on another bridge of the host.
          for (const BridgePlan& other : plan.bridges)
            for (const runtime::PortSpec& q : other.ports)
              if (q.name == p.options.at("peer")) {
                end.peer_bridge = other.name;
                end.peer_ofport = q.ofport;
              }
        } else if (!p.port_id.empty()) {
          end.kind = PortEnd::Kind::vif;
          end.port_id = p.port_id;
        } else {
          end.kind = PortEnd::Kind::uplink;
          for (const BridgeMapping& m : topology.config.bridge_mappings)
            if (m.bridge == b.name) end.physnet = m.physical_network;
        }
        bridge.ports[p.ofport] = end;
      }
    }
    for (const runtime::TunnelSpec& t : plan.tunnels) {
      PortEnd end;
      end.kind = PortEnd::Kind::tunnel;
      end.remote_host = t.remote_host;
      end.tunnel_type = t.type == runtime::TunnelType::gre ? NetworkType::gre : NetworkType::vxlan;
      bridges[{plan.host, t.bridge}].ports[t.ofport] = end;
    }
  }
}

void PacketTracer::State::run(Bridge& bridge, Packet& packet, int table, int depth) {
  if (depth > max_depth) {
    result->notes.push_back(bridge.host + " " + bridge.name + ": resubmit depth exceeded");
    return;
  }
  if (++lookups > max_lookups) {
    if (lookups == max_lookups + 1) result->notes.push_back("trace stopped: too many lookups");
    return;
  }
  TraceStep step{bridge.host, bridge.name, table, "", packet.describe()};
  const auto it = bridge.tables.find(table);
  const ParsedFlow* hit = nullptr;
  if (it != bridge.tables.end()) {
    for (const ParsedFlow& f : it->second) {
      if (f.matches(packet)) {
        hit = &f;
        break;
      }
    }
  }
  if (hit == nullptr) {
    result->steps.push_back(step);
    return;  // a table miss drops the packet
  }
  step.rule = hit->text();
  result->steps.push_back(step);
  for (const FlowAction& a : hit->actions())
    apply(bridge, packet, a, depth);
}

void PacketTracer::State::apply(Bridge& bridge, Packet& packet, const FlowAction& a, int depth) {
  using K = FlowAction::Kind;
  switch (a.kind) {
    case K::output:
      emit(bridge, packet, a.number, false, depth);
      break;
    case K::in_port:
      emit(bridge, packet, packet.in_port, true, depth);
      break;
    case K::resubmit:
      run(bridge, packet, a.number, depth + 1);
      break;
    case K::mod_vlan_vid:
      packet.vlan = a.number;
      break;
    case K::strip_vlan:
      packet.vlan.reset();
      break;
    case K::mod_dl_src:
      packet.dl_src = a.mac;
      break;
    case K::mod_dl_dst:
      packet.dl_dst = a.mac;
      break;
    case K::mod_nw_src:
      packet.nw_src = a.ip;
      break;
    case K::mod_nw_dst:
      packet.nw_dst = a.ip;
      break;
    case K::dec_ttl:
      if (packet.ttl <= 1) {
        result->notes.push_back(bridge.host + " " + bridge.name + ": TTL exceeded");
        packet.ttl = 0;
        // OVS stops the action list: mark the packet so later outputs do nothing.
        packet.in_port = -1;
        return;
      }
      --packet.ttl;
      break;
    case K::load:
      write_field(packet, a.destination, a.value);
      break;
    case K::move:
      move_field(packet, a.source, a.destination);
      break;
    case K::set_field:
      switch (a.set_target) {
        case FlowAction::SetTarget::ipv6_src:
          packet.nw_src = a.ip;
          break;
        case FlowAction::SetTarget::ipv6_dst:
          packet.nw_dst = a.ip;
          break;
        case FlowAction::SetTarget::nd_reserved:
          packet.nd_reserved = static_cast<std::uint32_t>(a.value);
          break;
        case FlowAction::SetTarget::nd_options_type:
          packet.nd_options_type = static_cast<int>(a.value);
          break;
      }
      break;
    case K::ct: {
      if (!packet.is_ip()) return;
      const int zone = a.zone ? *a.zone : static_cast<int>(read_field(packet, *a.zone_source));
      const Conntrack::Nat nat = a.nat == FlowAction::Nat::src   ? Conntrack::Nat::src
                                 : a.nat == FlowAction::Nat::dst ? Conntrack::Nat::dst
                                                                 : Conntrack::Nat::none;
      Packet tracked = packet;
      conntrack[bridge.host].process(tracked, zone, a.nat != FlowAction::Nat::none, a.commit, nat,
                                     a.ip);
      if (a.table) run(bridge, tracked, *a.table, depth + 1);  // recirculation
      break;
    }
  }
}

void PacketTracer::State::emit(Bridge& bridge, const Packet& packet, int ofport, bool to_in_port,
                               int depth) {
  if (packet.in_port < 0) return;                       // dropped by dec_ttl
  if (ofport == packet.in_port && !to_in_port) return;  // OVS never sends a packet back by output:
  const auto it = bridge.ports.find(ofport);
  if (it == bridge.ports.end()) {
    result->notes.push_back(bridge.host + " " + bridge.name + ": output to missing port " +
                            std::to_string(ofport));
    return;
  }
  const PortEnd& end = it->second;
  Packet copy = packet;
  switch (end.kind) {
    case PortEnd::Kind::vif:
      result->deliveries.push_back({bridge.host, end.port_id, "", copy});
      return;
    case PortEnd::Kind::patch: {
      Bridge* peer = find(bridge.host, end.peer_bridge);
      if (peer == nullptr) return;
      // Crossing a patch port starts a fresh pipeline: registers, tunnel and conntrack cleared.
      copy.in_port = end.peer_ofport;
      copy.regs = {};
      copy.tun_id = 0;
      copy.ct_state = 0;
      run(*peer, copy, 0, depth + 1);
      return;
    }
    case PortEnd::Kind::tunnel: {
      Bridge* remote = find(end.remote_host, layout::tunnel_bridge);
      const int remote_port =
          remote == nullptr ? 0 : tunnel_ofport(topology, end.tunnel_type, bridge.host);
      if (remote == nullptr || remote->ports.count(remote_port) == 0) {
        result->notes.push_back(bridge.host + ": no tunnel endpoint on " + end.remote_host);
        return;
      }
      result->hops.push_back(
          {bridge.host, end.remote_host, to_string(end.tunnel_type), copy.tun_id});
      copy.in_port = remote_port;
      copy.regs = {};
      copy.ct_state = 0;
      run(*remote, copy, 0, depth + 1);
      return;
    }
    case PortEnd::Kind::uplink:
      fabric(bridge.host, end.physnet, copy, depth);
      return;
  }
}

void PacketTracer::State::fabric(const std::string& from_host, const std::string& physnet,
                                 const Packet& frame, int depth) {
  const std::uint64_t segment = frame.vlan ? static_cast<std::uint64_t>(*frame.vlan) : 0;
  // Which network of this physical network the frame is on, by its tag.
  const Network* network = nullptr;
  for (const Network& n : topology.networks) {
    if (is_tunnelled(n.network_type) || n.physical_network != physnet) continue;
    const std::uint64_t tag = n.network_type == NetworkType::vlan ? *n.segmentation_id : 0;
    if (tag == segment) network = &n;
  }
  if (network == nullptr) {
    result->notes.push_back(physnet + ": no network uses segment " + std::to_string(segment));
    return;
  }
  const bool broadcast = frame.dl_dst.is_multicast();
  for (const ExternalNeighbor& n : topology.external_neighbors) {
    if (n.network_id != network->id) continue;
    if (broadcast || MacAddress::parse(n.mac_address) == frame.dl_dst) {
      result->hops.push_back(
          {from_host.empty() ? "external" : from_host, "external", physnet, segment});
      result->deliveries.push_back({"", "", n.ip_address, frame});
    }
  }
  std::vector<std::string> targets;
  for (const std::string& host : topology.hosts_for_network(network->id)) {
    if (host == from_host) continue;
    if (broadcast) {
      targets.push_back(host);
      continue;
    }
    for (const Port& p : topology.ports) {
      if (p.network_id == network->id && p.binding_host_id == host &&
          MacAddress::parse(p.mac_address) == frame.dl_dst) {
        targets.push_back(host);
        break;
      }
    }
  }
  const auto mapping = bridge_mapping_index(topology.config, physnet);
  for (const std::string& host : targets) {
    Bridge* bridge =
        mapping ? find(host, topology.config.bridge_mappings[*mapping].bridge) : nullptr;
    if (bridge == nullptr) continue;
    result->hops.push_back({from_host.empty() ? "external" : from_host, host, physnet, segment});
    Packet copy = frame;
    copy.in_port = layout::phys_uplink_ofport;
    copy.regs = {};
    copy.ct_state = 0;
    run(*bridge, copy, 0, depth + 1);
  }
}

PacketTracer::PacketTracer(TopologySnapshot topology, std::vector<HostPlan> plans)
    : state_(std::make_unique<State>()) {
  state_->topology = std::move(topology);
  state_->topology.index();
  state_->load(plans);
}

PacketTracer::PacketTracer(TopologySnapshot topology)
    : PacketTracer(topology, compile_all(topology)) {
}

PacketTracer::~PacketTracer() = default;
PacketTracer::PacketTracer(PacketTracer&&) noexcept = default;
PacketTracer& PacketTracer::operator=(PacketTracer&&) noexcept = default;

const TopologySnapshot& PacketTracer::topology() const noexcept {
  return state_->topology;
}

void PacketTracer::clear_connections() {
  state_->conntrack.clear();
}

TraceResult PacketTracer::from_port(const std::string& port_id, Packet packet) {
  TraceResult result;
  state_->result = &result;
  state_->lookups = 0;
  const Port& port = state_->topology.port(port_id);
  const auto ofport = state_->topology.ofports.find(port_id);
  Bridge* bridge = state_->find(port.binding_host_id, layout::integration_bridge);
  if (ofport == state_->topology.ofports.end() || bridge == nullptr) {
    result.notes.push_back("port " + port_id + " is not bound to a host's br-int");
    return result;
  }
  packet.in_port = ofport->second;
  packet.regs = {};
  packet.ct_state = 0;
  state_->run(*bridge, packet, 0, 0);
  state_->result = nullptr;
  return result;
}

TraceResult PacketTracer::from_external(const std::string& network_id, Packet packet) {
  TraceResult result;
  state_->result = &result;
  state_->lookups = 0;
  const Network& n = state_->topology.network(network_id);
  if (is_tunnelled(n.network_type)) {
    result.notes.push_back("network " + network_id + " is an overlay; nothing outside reaches it");
    return result;
  }
  if (n.network_type == NetworkType::vlan) packet.vlan = static_cast<int>(*n.segmentation_id);
  state_->fabric("", n.physical_network, packet, 0);
  state_->result = nullptr;
  return result;
}

bool TraceResult::delivered_to_port(const std::string& port_id) const {
  return std::any_of(deliveries.begin(), deliveries.end(),
                     [&](const TraceDelivery& d) { return d.port_id == port_id; });
}

std::string TraceResult::format() const {
  std::string out;
  std::string last;
  for (const TraceStep& s : steps) {
    const std::string where = s.host + " " + s.bridge;
    if (where != last) {
      out += "bridge(\"" + s.bridge + "\") on " + s.host + "\n";
      last = where;
    }
    out += ' ';
    out += std::to_string(s.table);
    out += ". ";
    out += s.rule.empty() ? std::string("No match. drop") : s.rule;
    out += '\n';
  }
  for (const TraceHop& h : hops)
    out += "hop: " + h.from + " -> " + h.to + " over " + h.medium + " " +
           std::to_string(h.segment) + "\n";
  for (const TraceDelivery& d : deliveries) {
    out += "delivered: " +
           (d.port_id.empty() ? "external " + d.external_ip : d.host + " port " + d.port_id) +
           ": " + d.packet.describe() + "\n";
  }
  for (const std::string& n : notes)
    out += "note: " + n + "\n";
  return out;
}

}  // namespace stacksim::network
