#include "sim/models/topology.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <boost/graph/strong_components.hpp>

namespace stacksim::sim {

std::string_view to_string(NodeKind kind) noexcept {
  switch (kind) {
    case NodeKind::host:
      return "host";
    case NodeKind::network_switch:
      return "switch";
    case NodeKind::router:
      return "router";
  }
  return "unknown";
}

NodeId Topology::add_node(std::string name, NodeKind kind, Location location) {
  if (name.empty()) throw std::invalid_argument("a topology node needs a name");
  if (by_name_.contains(name)) throw std::invalid_argument("duplicate node '" + name + "'");
  const auto id =
      static_cast<NodeId>(boost::add_vertex(TopologyNode{name, kind, std::move(location)}, graph_));
  by_name_.emplace(std::move(name), id);
  if (kind == NodeKind::host) hosts_.push_back(id);
  return id;
}

void Topology::rename_node(NodeId id, std::string name) {
  if (id >= node_count()) throw std::out_of_range("rename of a node the topology does not have");
  if (name.empty()) throw std::invalid_argument("a topology node needs a name");
  if (graph_[id].name == name) return;
  if (by_name_.contains(name)) throw std::invalid_argument("duplicate node '" + name + "'");
  by_name_.erase(graph_[id].name);
  graph_[id].name = name;
  by_name_.emplace(std::move(name), id);
}

LinkId Topology::add_link(NodeId from, NodeId to, double bandwidth, double latency) {
  if (from >= node_count() || to >= node_count()) {
    throw std::out_of_range("link endpoint is not a node of the topology");
  }
  const std::string what = "link " + graph_[from].name + "->" + graph_[to].name;
  if (!std::isfinite(bandwidth) || bandwidth < 0) {
    throw std::invalid_argument(what + ": bandwidth must be >= 0 bytes/s, got " +
                                std::to_string(bandwidth));
  }
  if (!std::isfinite(latency) || latency < 0) {
    throw std::invalid_argument(what + ": latency must be >= 0 s, got " + std::to_string(latency));
  }
  if (from == to) throw std::invalid_argument(what + ": a link joins two different nodes");
  const auto id = static_cast<LinkId>(links_.size());
  const TopologyLink link{id, from, to, bandwidth, latency};
  links_.push_back(link);
  boost::add_edge(from, to, link, graph_);
  return id;
}

std::pair<LinkId, LinkId> Topology::add_cable(NodeId a, NodeId b, double bandwidth,
                                              double latency) {
  const LinkId forward = add_link(a, b, bandwidth, latency);
  return {forward, add_link(b, a, bandwidth, latency)};
}

NodeId Topology::find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) throw std::out_of_range("unknown node '" + std::string(name) + "'");
  return it->second;
}

bool Topology::contains(std::string_view name) const {
  return by_name_.contains(std::string(name));
}

std::vector<NodeId> Topology::hosts_in(const Location& where) const {
  std::vector<NodeId> out;
  for (NodeId id : hosts_) {
    const Location& at = graph_[id].location;
    if ((where.region.empty() || where.region == at.region) &&
        (where.availability_zone.empty() || where.availability_zone == at.availability_zone) &&
        (where.rack.empty() || where.rack == at.rack)) {
      out.push_back(id);
    }
  }
  return out;
}

namespace {

template <class Key>
std::vector<std::string> distinct(const Topology& topology, Key key) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (NodeId id : topology.hosts()) {
    std::string k = key(topology.node(id).location);
    if (seen.insert(k).second) out.push_back(std::move(k));
  }
  return out;
}

}  // namespace

std::vector<std::string> Topology::regions() const {
  return distinct(*this, [](const Location& l) { return l.region; });
}

std::vector<std::string> Topology::availability_zones() const {
  return distinct(*this, [](const Location& l) { return l.region + "/" + l.availability_zone; });
}

std::vector<std::string> Topology::racks() const {
  return distinct(
      *this, [](const Location& l) { return l.region + "/" + l.availability_zone + "/" + l.rack; });
}

void Topology::check_hosts_connected() const {
  if (auto cut = find_disconnected_host()) throw std::invalid_argument(cut->problem);
}

std::optional<Topology::Disconnection> Topology::find_disconnected_host() const {
  if (hosts_.size() < 2) return std::nullopt;
  // Hosts can all exchange traffic iff they share one strongly connected component. The main
  // component is the one with the most hosts (then nodes, then lowest id); a host outside it is
  // the one to blame.
  std::vector<int> component(node_count());
  const int count = boost::strong_components(
      graph_, boost::make_iterator_property_map(component.begin(),
                                                boost::get(boost::vertex_index, graph_)));
  std::vector<std::size_t> host_count(static_cast<std::size_t>(count), 0);
  std::vector<std::size_t> node_total(static_cast<std::size_t>(count), 0);
  for (int c : component)
    ++node_total[static_cast<std::size_t>(c)];
  for (NodeId id : hosts_)
    ++host_count[static_cast<std::size_t>(component[id])];
  NodeId representative = hosts_.front();
  for (NodeId id : hosts_) {
    const auto c = static_cast<std::size_t>(component[id]);
    const auto best = static_cast<std::size_t>(component[representative]);
    if (host_count[c] > host_count[best] ||
        (host_count[c] == host_count[best] && node_total[c] > node_total[best])) {
      representative = id;
    }
  }
  for (NodeId id : hosts_) {
    if (component[id] != component[representative]) {
      return Disconnection{id, "host '" + graph_[id].name +
                                   "' cannot exchange traffic with host '" +
                                   graph_[representative].name + "' (disconnected host)"};
    }
  }
  return std::nullopt;
}

void install_links(const Topology& topology, FlowNetwork& network) {
  if (network.link_count() != 0) {
    throw std::logic_error("install_links needs a network without links, so that ids coincide");
  }
  for (LinkId id = 0; id < topology.link_count(); ++id) {
    const TopologyLink& link = topology.link(id);
    network.add_link(link.bandwidth, link.latency);
  }
}

}  // namespace stacksim::sim
