#include "core/objectstore/object_cluster.hpp"

#include <fstream>
#include <stdexcept>

#include "core/objectstore/swift_error.hpp"

namespace stacksim::objectstore {

void ObjectCluster::add_ring(const std::string& name, RingData data, ObjectServerHosts hosts) {
  if (name != "account" && name != "container" && name != "object") {
    throw std::invalid_argument("ring '" + name +
                                "': a Swift cluster has account, container and object rings");
  }
  rings_.insert_or_assign(name, ClusterRing{Ring(std::move(data), hash_path_), std::move(hosts)});
}

const ClusterRing* ObjectCluster::ring(const std::string& name) const {
  const auto it = rings_.find(name);
  return it == rings_.end() ? nullptr : &it->second;
}

ObjectController ObjectCluster::controller(const std::string& name) const {
  const ClusterRing* r = ring(name);
  if (r == nullptr) throw std::logic_error("the Swift cluster has no " + name + " ring");
  return ObjectController(r->ring, health_, r->hosts);
}

std::optional<StoredPlacement> ObjectCluster::place_record(const std::string& ring_name,
                                                           const ObjectPath& path) const {
  if (ring(ring_name) == nullptr) return std::nullopt;
  const ObjectPlacement placement = controller(ring_name).put_nodes(path);
  if (placement.nodes.size() < quorum_size(placement.primaries) || placement.nodes.empty()) {
    throw swift_error(503);
  }
  return StoredPlacement{placement.partition, device_ids(placement.nodes)};
}

void ObjectCluster::write_swift_dir(const std::filesystem::path& dir) const {
  std::filesystem::create_directories(dir);
  for (const auto& [name, r] : rings_)
    save_ring_file(r.ring.data(), dir / (name + ".ring.gz"));
  std::ofstream conf(dir / "swift.conf");
  conf << "[swift-hash]\nswift_hash_path_prefix = " << hash_path_.prefix
       << "\nswift_hash_path_suffix = " << hash_path_.suffix << "\n";
  if (!conf.flush()) throw std::runtime_error("cannot write " + (dir / "swift.conf").string());
}

std::vector<int> device_ids(const std::vector<RingNode>& nodes) {
  std::vector<int> ids;
  ids.reserve(nodes.size());
  for (const RingNode& n : nodes)
    ids.push_back(n.device.id);
  return ids;
}

}  // namespace stacksim::objectstore
