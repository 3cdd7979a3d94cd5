#pragma once
// A loaded ring (Swift's swift.common.ring.Ring): which devices hold an account, container or
// object. get_nodes hashes the path with the cluster's prefix/suffix (md5, first 4 bytes
// big-endian, shifted by part_shift); get_more_nodes yields handoffs in Swift's order (unused
// regions first, then zones, then servers, then any device).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/objectstore/ring_data.hpp"

namespace stacksim::objectstore {

/// The [swift-hash] salt: swift_hash_path_prefix / swift_hash_path_suffix (raw bytes).
struct HashPathConfig {
  std::string prefix;
  std::string suffix;

  /// Reads swift.conf (INI). Throws RingLoadError if neither value is set, as Swift refuses to
  /// run without a salt.
  static HashPathConfig from_swift_conf(const std::filesystem::path& path);
};

/// md5(prefix + "/" + account[/container[/object]] + suffix); an object needs a container.
std::array<std::uint8_t, 16> hash_path(const HashPathConfig& config, std::string_view account,
                                       std::string_view container = {},
                                       std::string_view object = {});

/// A device chosen for a partition: a primary (index = replica position) or a handoff
/// (handoff_index = order among handoffs).
struct RingNode {
  Device device;
  int index = -1;
  int handoff_index = -1;
};

class Ring {
 public:
  Ring(RingData data, HashPathConfig config);
  static Ring load(const std::filesystem::path& ring_file, HashPathConfig config);

  [[nodiscard]] const RingData& data() const { return data_; }
  [[nodiscard]] int part_power() const { return 32 - data_.part_shift; }
  [[nodiscard]] std::int64_t partition_count() const;
  [[nodiscard]] double replica_count() const { return data_.replica_count(); }
  [[nodiscard]] int device_count() const { return num_devs_; }
  [[nodiscard]] int weighted_device_count() const { return num_weighted_devs_; }
  [[nodiscard]] int assigned_device_count() const { return num_assigned_devs_; }

  [[nodiscard]] std::uint32_t get_part(std::string_view account, std::string_view container = {},
                                       std::string_view object = {}) const;
  /// The distinct devices of a partition in replica order, with `index` set.
  [[nodiscard]] std::vector<RingNode> get_part_nodes(std::uint32_t part) const;
  [[nodiscard]] std::pair<std::uint32_t, std::vector<RingNode>> get_nodes(
      std::string_view account, std::string_view container = {},
      std::string_view object = {}) const;
  /// Handoff devices for a partition in Swift's order, at most `limit` of them.
  [[nodiscard]] std::vector<RingNode> get_more_nodes(std::uint32_t part,
                                                     std::size_t limit = SIZE_MAX) const;

 private:
  RingData data_;
  HashPathConfig config_;
  int num_devs_ = 0;
  int num_weighted_devs_ = 0;
  int num_assigned_devs_ = 0;
  std::size_t num_regions_ = 0;
  std::size_t num_zones_ = 0;
  std::size_t num_ips_ = 0;
};

}  // namespace stacksim::objectstore
