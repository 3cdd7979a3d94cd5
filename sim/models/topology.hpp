#pragma once
// The datacenter's physical graph (Boost.Graph): hosts, switches and routers joined by
// one-directional links (a full-duplex cable is two links), each with a bandwidth in bytes/s and a
// latency in s. Hosts sit in a region -> availability zone -> rack hierarchy. Link ids are dense
// and match the FlowNetwork's links one-to-one once installed (install_links).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

using NodeId = std::uint32_t;

enum class NodeKind { host, network_switch, router };

std::string_view to_string(NodeKind kind) noexcept;

/// Where a host sits. Switches and routers may leave it empty.
struct Location {
  std::string region;
  std::string availability_zone;
  std::string rack;
  friend bool operator==(const Location&, const Location&) = default;
};

struct TopologyNode {
  std::string name;
  NodeKind kind = NodeKind::host;
  Location location;
};

struct TopologyLink {
  LinkId id = 0;
  NodeId from = 0;
  NodeId to = 0;
  double bandwidth = 0;  // bytes/s
  double latency = 0;    // s
};

class Topology {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, TopologyNode,
                                      TopologyLink>;

  NodeId add_node(std::string name, NodeKind kind, Location location = {});
  /// One-directional link; throws on a negative or non-finite bandwidth or latency.
  LinkId add_link(NodeId from, NodeId to, double bandwidth, double latency);
  /// A full-duplex cable: links a->b and b->a with the same bandwidth and latency.
  std::pair<LinkId, LinkId> add_cable(NodeId a, NodeId b, double bandwidth, double latency);
  /// Renames a node (builders name hosts by position, scenarios by role); throws on a duplicate.
  void rename_node(NodeId id, std::string name);

  [[nodiscard]] std::size_t node_count() const noexcept { return boost::num_vertices(graph_); }
  [[nodiscard]] std::size_t link_count() const noexcept { return links_.size(); }
  [[nodiscard]] const TopologyNode& node(NodeId id) const { return graph_[id]; }
  [[nodiscard]] const TopologyLink& link(LinkId id) const { return links_.at(id); }
  /// The node called `name`; throws std::out_of_range naming it if there is none.
  [[nodiscard]] NodeId find(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const;
  [[nodiscard]] const std::vector<NodeId>& hosts() const noexcept { return hosts_; }
  /// Hosts whose location matches every non-empty field of `where`, in id order.
  [[nodiscard]] std::vector<NodeId> hosts_in(const Location& where) const;
  /// Distinct regions, availability zones ("region/az") and racks ("region/az/rack") of hosts.
  [[nodiscard]] std::vector<std::string> regions() const;
  [[nodiscard]] std::vector<std::string> availability_zones() const;
  [[nodiscard]] std::vector<std::string> racks() const;

  [[nodiscard]] const Graph& graph() const noexcept { return graph_; }

  struct Disconnection {
    NodeId host;
    std::string problem;
  };
  /// The first host that cannot reach, or be reached from, every other host, if any.
  [[nodiscard]] std::optional<Disconnection> find_disconnected_host() const;
  /// Throws std::invalid_argument naming the host find_disconnected_host() reports.
  void check_hosts_connected() const;

 private:
  Graph graph_;
  std::vector<TopologyLink> links_;
  std::vector<NodeId> hosts_;
  std::unordered_map<std::string, NodeId> by_name_;
};

/// Adds every topology link to `network`, in id order, so that link ids coincide.
void install_links(const Topology& topology, FlowNetwork& network);

}  // namespace stacksim::sim
