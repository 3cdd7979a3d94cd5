#pragma once
// ECMP routing over a Topology: a flow follows a shortest path (fewest links); where several next
// hops are equally short, the flow's hash picks one at each hop, so one flow always takes the same
// path and different flows spread over the equal-cost paths. Links marked unusable (down) are
// avoided by routes computed afterwards.

#include <cstdint>
#include <vector>

#include "sim/models/topology.hpp"

namespace stacksim::sim {

class EcmpRouting {
 public:
  explicit EcmpRouting(const Topology& topology);

  /// The route of the flow with hash `flow_hash`; throws std::invalid_argument naming both ends
  /// if `destination` is unreachable from `source`.
  [[nodiscard]] std::vector<LinkId> route(NodeId source, NodeId destination,
                                          std::uint64_t flow_hash) const;
  /// Number of distinct shortest paths (saturating at UINT64_MAX).
  [[nodiscard]] std::uint64_t equal_cost_paths(NodeId source, NodeId destination) const;
  /// Number of links on a shortest path, or -1 if unreachable.
  [[nodiscard]] int hops(NodeId source, NodeId destination) const;

  void set_link_usable(LinkId link, bool usable);
  [[nodiscard]] bool link_usable(LinkId link) const { return usable_.at(link); }

  /// A flow hash from the flow's endpoints and an id (the 5-tuple of a simulated flow).
  static std::uint64_t flow_hash(NodeId source, NodeId destination, std::uint64_t flow_id) noexcept;

 private:
  static constexpr std::uint16_t unreachable = 0xFFFF;
  const std::vector<std::uint16_t>& distances_to(NodeId destination) const;
  template <class Visit>
  void for_each_next_hop(NodeId node, const std::vector<std::uint16_t>& distance,
                         Visit visit) const;

  const Topology& topology_;
  std::vector<bool> usable_;
  // Hop distance of every node to a destination, computed on first use (one reverse BFS).
  mutable std::vector<std::vector<std::uint16_t>> distances_;
};

}  // namespace stacksim::sim
