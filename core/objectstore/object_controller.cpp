#include "core/objectstore/object_controller.hpp"

#include <exception>
#include <utility>

#include "core/runtime/when_all.hpp"

namespace stacksim::objectstore {
namespace {

// A backend connection that fails (a link of its route went down) is one failed replica, as a
// timed-out object server is for Swift's proxy; it does not fail the request.
runtime::Task<bool> try_transfer(runtime::StorageDriver& storage, runtime::TransferSpec spec) {
  try {
    co_await storage.transfer(std::move(spec));
  } catch (const std::exception&) {
    co_return false;
  }
  co_return true;
}

}  // namespace

std::uint32_t ObjectController::partition(const ObjectPath& path) const {
  return ring_.get_part(path.account, path.container, path.object);
}

ObjectPlacement ObjectController::get_nodes(const ObjectPath& path) const {
  ObjectPlacement placement;
  placement.partition = partition(path);
  placement.primaries = ring_.get_part_nodes(placement.partition).size();
  placement.nodes = iter_nodes(ring_, placement.partition, health_, options_);
  return placement;
}

ObjectPlacement ObjectController::put_nodes(const ObjectPath& path) const {
  ObjectPlacement placement = get_nodes(path);
  if (placement.nodes.size() > placement.primaries) placement.nodes.resize(placement.primaries);
  return placement;
}

runtime::Task<PutResult> ObjectController::put(runtime::StorageDriver& storage,
                                               std::string proxy_host, ObjectPath path,
                                               std::int64_t bytes) const {
  PutResult result;
  result.placement = put_nodes(path);
  result.quorum = quorum_size(result.placement.primaries);
  std::vector<runtime::Task<bool>> writes;
  for (const RingNode& node : result.placement.nodes) {
    writes.push_back(try_transfer(
        storage, {proxy_host, hosts_.host(node.device), bytes, runtime::TransferKind::other, 0}));
  }
  const std::vector<bool> written = co_await runtime::when_all(std::move(writes));
  for (bool ok : written)
    result.stored += ok ? 1 : 0;
  result.status = result.stored >= result.quorum && result.quorum > 0 ? 201 : 503;
  co_return result;
}

runtime::Task<GetResult> ObjectController::get(runtime::StorageDriver& storage,
                                               std::string proxy_host, ObjectPath path,
                                               std::int64_t bytes) const {
  GetResult result;
  const ObjectPlacement placement = get_nodes(path);
  for (const RingNode& node : placement.nodes) {
    // Named, not a temporary in the co_await expression: GCC 12 mishandles those.
    runtime::TransferSpec spec{hosts_.host(node.device), proxy_host, bytes,
                               runtime::TransferKind::other, 0};
    const bool read = co_await try_transfer(storage, std::move(spec));
    if (read) {
      result.served_by = node;
      result.status = 200;
      break;
    }
  }
  co_return result;
}

}  // namespace stacksim::objectstore
