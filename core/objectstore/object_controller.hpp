#pragma once
// The proxy server's object controller (swift.proxy.controllers.obj, replication policies): where
// an object's PUT and GET go and whether the PUT reaches quorum. A PUT opens one connection per
// primary, each taking the next live node of NodeIter, so a down primary is replaced by the next
// live handoff; it succeeds with quorum_size(primaries) stored replicas. A GET reads from the
// first live node, falling through to the next on failure. The bytes move through the Backend's
// StorageDriver between the proxy host and the object servers' hosts.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/objectstore/node_health.hpp"
#include "core/objectstore/node_iter.hpp"
#include "core/objectstore/ring.hpp"
#include "core/runtime/storage_driver.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::objectstore {

/// Which Backend host serves a ring server ip; an ip with no entry is taken as the host name.
struct ObjectServerHosts {
  std::map<std::string, std::string> host_by_ip;

  [[nodiscard]] const std::string& host(const Device& dev) const {
    const auto it = host_by_ip.find(dev.ip);
    return it == host_by_ip.end() ? dev.ip : it->second;
  }
};

struct ObjectPath {
  std::string account;
  std::string container;
  std::string object;
};

struct ObjectPlacement {
  std::uint32_t partition = 0;
  std::size_t primaries = 0;
  std::vector<RingNode> nodes;  // PUT: the nodes written; GET: the nodes in the order tried
};

struct PutResult {
  ObjectPlacement placement;
  std::size_t stored = 0;  // replicas written
  std::size_t quorum = 0;
  int status = 503;  // 201 with quorum, else 503 as Swift's proxy answers
};

struct GetResult {
  std::optional<RingNode> served_by;
  int status = 503;  // 200, or 503 when every node tried failed
};

class ObjectController {
 public:
  ObjectController(const Ring& ring, const NodeHealth& health, ObjectServerHosts hosts,
                   NodeIterOptions options = {})
      : ring_(ring), health_(health), hosts_(std::move(hosts)), options_(options) {}

  /// The nodes a PUT writes: one per primary, each the next live node of NodeIter.
  [[nodiscard]] ObjectPlacement put_nodes(const ObjectPath& path) const;
  /// The nodes a GET tries, in order (every live node NodeIter yields).
  [[nodiscard]] ObjectPlacement get_nodes(const ObjectPath& path) const;

  /// Sends `bytes` from `proxy_host` to every PUT node concurrently.
  runtime::Task<PutResult> put(runtime::StorageDriver& storage, std::string proxy_host,
                               ObjectPath path, std::int64_t bytes) const;
  /// Reads `bytes` from the first node whose transfer to `proxy_host` succeeds.
  runtime::Task<GetResult> get(runtime::StorageDriver& storage, std::string proxy_host,
                               ObjectPath path, std::int64_t bytes) const;

 private:
  [[nodiscard]] std::uint32_t partition(const ObjectPath& path) const;

  const Ring& ring_;
  const NodeHealth& health_;
  ObjectServerHosts hosts_;
  NodeIterOptions options_;
};

}  // namespace stacksim::objectstore
