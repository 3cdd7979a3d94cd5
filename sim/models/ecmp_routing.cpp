#include "sim/models/ecmp_routing.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>

#include "core/runtime/random.hpp"

namespace stacksim::sim {

EcmpRouting::EcmpRouting(const Topology& topology)
    : topology_(topology), usable_(topology.link_count(), true), distances_(topology.node_count()) {
}

void EcmpRouting::set_link_usable(LinkId link, bool usable) {
  if (usable_.at(link) == usable) return;
  usable_[link] = usable;
  for (auto& d : distances_)
    d.clear();  // every cached distance may have changed
}

std::uint64_t EcmpRouting::flow_hash(NodeId source, NodeId destination,
                                     std::uint64_t flow_id) noexcept {
  std::uint64_t state =
      (static_cast<std::uint64_t>(source) << 32 | destination) ^ (flow_id * 0x9E3779B97F4A7C15ULL);
  return runtime::splitmix64(state);
}

namespace {

// Edge filter of the usable links (Boost needs a default-constructible, assignable predicate).
struct UsableLink {
  const Topology::Graph* graph = nullptr;
  const std::vector<bool>* usable = nullptr;
  bool operator()(const Topology::Graph::edge_descriptor& e) const {
    return (*usable)[(*graph)[e].id];
  }
};

// Records BFS depth on the reversed graph: distance of each node *to* the destination.
struct DepthRecorder : boost::default_bfs_visitor {
  std::vector<std::uint16_t>* distance;
  template <class Edge, class Graph>
  void tree_edge(const Edge& e, const Graph& g) const {
    (*distance)[boost::target(e, g)] =
        static_cast<std::uint16_t>((*distance)[boost::source(e, g)] + 1);
  }
};

}  // namespace

const std::vector<std::uint16_t>& EcmpRouting::distances_to(NodeId destination) const {
  std::vector<std::uint16_t>& distance = distances_.at(destination);
  if (!distance.empty()) return distance;
  distance.assign(topology_.node_count(), unreachable);
  distance[destination] = 0;
  const auto& graph = topology_.graph();
  const boost::filtered_graph<Topology::Graph, UsableLink> up(graph, UsableLink{&graph, &usable_});
  const auto reversed = boost::make_reverse_graph(up);
  std::vector<boost::default_color_type> color(topology_.node_count(), boost::white_color);
  DepthRecorder recorder;
  recorder.distance = &distance;
  boost::breadth_first_search(reversed, destination,
                              boost::visitor(recorder).color_map(boost::make_iterator_property_map(
                                  color.begin(), boost::get(boost::vertex_index, graph))));
  return distance;
}

template <class Visit>
void EcmpRouting::for_each_next_hop(NodeId node, const std::vector<std::uint16_t>& distance,
                                    Visit visit) const {
  const auto& graph = topology_.graph();
  for (auto [it, end] = boost::out_edges(node, graph); it != end; ++it) {
    const TopologyLink& link = graph[*it];
    if (usable_[link.id] && distance[link.to] + 1 == distance[node]) visit(link);
  }
}

int EcmpRouting::hops(NodeId source, NodeId destination) const {
  const std::uint16_t d = distances_to(destination).at(source);
  return d == unreachable ? -1 : d;
}

std::vector<LinkId> EcmpRouting::route(NodeId source, NodeId destination,
                                       std::uint64_t flow_hash) const {
  const auto& distance = distances_to(destination);
  if (distance.at(source) == unreachable) {
    throw std::invalid_argument("no route from '" + topology_.node(source).name + "' to '" +
                                topology_.node(destination).name + "'");
  }
  std::vector<LinkId> path;
  path.reserve(distance[source]);
  std::vector<LinkId> choices;
  for (NodeId at = source; at != destination;) {
    choices.clear();
    for_each_next_hop(at, distance, [&](const TopologyLink& link) { choices.push_back(link.id); });
    // Hash the flow with the switch id, as a switch hashes the 5-tuple with its own seed, so
    // successive hops do not pick correlated indices.
    std::uint64_t state = flow_hash ^ (static_cast<std::uint64_t>(at) * 0xD6E8FEB86659FD93ULL);
    const LinkId chosen = choices[runtime::splitmix64(state) % choices.size()];
    path.push_back(chosen);
    at = topology_.link(chosen).to;
  }
  return path;
}

std::uint64_t EcmpRouting::equal_cost_paths(NodeId source, NodeId destination) const {
  const auto& distance = distances_to(destination);
  if (distance.at(source) == unreachable) return 0;
  // Paths from each node at distance d are the sum over its next hops: fill by increasing d.
  std::vector<std::vector<NodeId>> by_distance(distance[source] + 1u);
  for (NodeId n = 0; n < distance.size(); ++n) {
    if (distance[n] <= distance[source]) by_distance[distance[n]].push_back(n);
  }
  std::vector<std::uint64_t> paths(distance.size(), 0);
  paths[destination] = 1;
  constexpr auto saturated = std::numeric_limits<std::uint64_t>::max();
  for (std::size_t d = 1; d < by_distance.size(); ++d) {
    for (NodeId n : by_distance[d]) {
      for_each_next_hop(n, distance, [&](const TopologyLink& link) {
        paths[n] = paths[link.to] > saturated - paths[n] ? saturated : paths[n] + paths[link.to];
      });
    }
  }
  return paths[source];
}

}  // namespace stacksim::sim
