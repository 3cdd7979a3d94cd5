#pragma once
// Swift's proxy NodeIter (swift.proxy.controllers.base): the nodes a request for a partition
// tries, in order. Primaries first (ring order, or shuffled as with sorting_method = shuffle),
// then handoffs in get_more_nodes order; nodes that are down (error limited) are skipped and do
// not count, and at most request_node_count live nodes are yielded (Swift's default: 2 * the
// number of primaries).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/objectstore/node_health.hpp"
#include "core/objectstore/ring.hpp"
#include "core/runtime/random.hpp"

namespace stacksim::objectstore {

/// Swift's request_node_count default, "2 * replicas".
[[nodiscard]] inline std::size_t default_request_node_count(std::size_t primaries) {
  return 2 * primaries;
}

/// swift.common.utils.quorum_size: successful backend requests the proxy needs out of `n`.
[[nodiscard]] inline std::size_t quorum_size(std::size_t n) {
  return (n + 1) / 2;
}

struct NodeIterOptions {
  std::size_t request_node_count = 0;  // 0: default_request_node_count(primaries)
  runtime::Random* shuffle = nullptr;  // set: shuffle the primaries (sorting_method = shuffle)
};

/// The live nodes NodeIter yields for `part`, in order.
[[nodiscard]] std::vector<RingNode> iter_nodes(const Ring& ring, std::uint32_t part,
                                               const NodeHealth& health,
                                               const NodeIterOptions& options = {});

/// The first `count` nodes that are not `skip`ped among primaries then handoffs, with no overall
/// limit: the walk shared by NodeIter and the replicator's choice of handoffs.
template <class Skip>
std::vector<RingNode> first_nodes(const Ring& ring, std::uint32_t part,
                                  std::vector<RingNode> primaries, std::size_t count, Skip skip) {
  std::vector<RingNode> out;
  for (RingNode& node : primaries) {
    if (out.size() == count) return out;
    if (!skip(node.device)) out.push_back(std::move(node));
  }
  // Handoffs are computed lazily: a few more than needed, more if too many of them are down.
  std::size_t limit = count - out.size() + 2;
  while (out.size() < count) {
    std::vector<RingNode> handoffs = ring.get_more_nodes(part, limit);
    std::vector<RingNode> taken = out;
    for (RingNode& node : handoffs) {
      if (taken.size() == count) break;
      if (!skip(node.device)) taken.push_back(std::move(node));
    }
    if (taken.size() == count || handoffs.size() < limit) return taken;
    limit *= 4;
  }
  return out;
}

}  // namespace stacksim::objectstore
