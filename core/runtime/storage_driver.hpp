#pragma once
// The storage driver: volumes on storage backends and every bulk data transfer (image download,
// migration, replication). In simulation a transfer's duration comes from the network/disk models.

#include <cstdint>
#include <string>

#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::runtime {

struct VolumeSpec {
  std::string id;
  std::string backend;  // storage backend / pool name
  std::int64_t size_gb = 0;
  bool thin = true;
};

enum class TransferKind { image_download, image_upload, migration, replication, volume_io, other };

/// Bytes moved from one endpoint (host name or storage backend) to another.
struct TransferSpec {
  std::string source;
  std::string destination;
  std::int64_t bytes = 0;
  TransferKind kind = TransferKind::other;
  double rate_cap_bytes_per_s = 0;  // 0: no cap
};

struct TransferStats {
  Duration duration{0};
  std::int64_t bytes = 0;
};

class StorageDriver {
 public:
  StorageDriver() = default;
  StorageDriver(const StorageDriver&) = delete;
  StorageDriver& operator=(const StorageDriver&) = delete;
  virtual ~StorageDriver() = default;

  virtual Task<void> create_volume(VolumeSpec spec) = 0;
  virtual Task<void> delete_volume(std::string volume_id) = 0;
  /// Exports the volume to `host`; returns how the hypervisor connects to it.
  virtual Task<VolumeConnection> attach_volume(std::string volume_id, std::string host) = 0;
  virtual Task<void> detach_volume(std::string volume_id, std::string host) = 0;
  virtual Task<TransferStats> transfer(TransferSpec transfer) = 0;
};

}  // namespace stacksim::runtime
