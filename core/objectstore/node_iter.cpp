#include "core/objectstore/node_iter.hpp"

#include <utility>

namespace stacksim::objectstore {

std::vector<RingNode> iter_nodes(const Ring& ring, std::uint32_t part, const NodeHealth& health,
                                 const NodeIterOptions& options) {
  std::vector<RingNode> primaries = ring.get_part_nodes(part);
  if (options.shuffle != nullptr) {
    // random.shuffle's Fisher-Yates, drawing from the caller's stream.
    for (std::size_t i = primaries.size(); i > 1; --i) {
      std::swap(primaries[i - 1], primaries[options.shuffle->below(i)]);
    }
  }
  const std::size_t limit = options.request_node_count != 0
                                ? options.request_node_count
                                : default_request_node_count(primaries.size());
  return first_nodes(ring, part, std::move(primaries), limit,
                     [&](const Device& dev) { return health.down(dev); });
}

}  // namespace stacksim::objectstore
