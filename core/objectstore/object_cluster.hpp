#pragma once
// The Swift cluster an object service writes to, as its proxy server knows it: the object ring
// (required), the account and container rings when the deployment has them, the [swift-hash]
// salt, which devices are out of service, and, when bytes are to move, the StorageDriver and the
// proxy's host (every object's data then crosses the backend's network and disks).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/objectstore/node_health.hpp"
#include "core/objectstore/object_controller.hpp"
#include "core/objectstore/ring.hpp"
#include "core/runtime/storage_driver.hpp"

namespace stacksim::objectstore {

/// Where a PUT went: the ring's partition and the devices written, in the order written.
struct StoredPlacement {
  std::uint32_t partition = 0;
  std::vector<int> devices;  // device ids
};

struct ClusterRing {
  Ring ring;
  ObjectServerHosts hosts;
};

class ObjectCluster {
 public:
  explicit ObjectCluster(HashPathConfig hash_path) : hash_path_(std::move(hash_path)) {}

  /// Adds the ring named account, container or object (std::invalid_argument otherwise).
  void add_ring(const std::string& name, RingData data, ObjectServerHosts hosts);
  /// Object data moves through `storage` from `proxy_host` to the object servers; without it only
  /// the placement is computed.
  void set_storage(runtime::StorageDriver& storage, std::string proxy_host) {
    storage_ = &storage;
    proxy_host_ = std::move(proxy_host);
  }

  [[nodiscard]] const ClusterRing* ring(const std::string& name) const;
  [[nodiscard]] NodeHealth& health() noexcept { return health_; }
  [[nodiscard]] const NodeHealth& health() const noexcept { return health_; }
  [[nodiscard]] runtime::StorageDriver* storage() const noexcept { return storage_; }
  [[nodiscard]] const std::string& proxy_host() const noexcept { return proxy_host_; }

  /// The proxy's controller for the ring `name`; std::logic_error if the cluster has no such ring.
  [[nodiscard]] ObjectController controller(const std::string& name) const;

  /// The live nodes a PUT of an account (container, object empty) or a container (object empty)
  /// record goes to, by that ring; nullopt when the cluster has no such ring. ServiceError 503 when
  /// fewer than a quorum of them are in service, as Swift's proxy answers.
  [[nodiscard]] std::optional<StoredPlacement> place_record(const std::string& ring_name,
                                                            const ObjectPath& path) const;

  /// Writes what a deployer copies to /etc/swift on every node: <name>.ring.gz for each ring and
  /// swift.conf with the [swift-hash] salt, so Swift's own tools see the same placements.
  void write_swift_dir(const std::filesystem::path& dir) const;

 private:
  HashPathConfig hash_path_;
  std::map<std::string, ClusterRing> rings_;
  NodeHealth health_;
  runtime::StorageDriver* storage_ = nullptr;
  std::string proxy_host_;
};

/// The device ids of `nodes`, in order.
[[nodiscard]] std::vector<int> device_ids(const std::vector<RingNode>& nodes);

}  // namespace stacksim::objectstore
