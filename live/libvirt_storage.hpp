#pragma once
// runtime::StorageDriver over one libvirt storage pool (Cinder's LVM or file backend on the
// storage host): volumes are pool volumes, an attachment hands the hypervisor the volume's path.
// Bulk transfers in live mode are made by libvirt/QEMU themselves (migration, disk copies), so
// transfer() only accounts the bytes; it moves nothing.

#include <memory>
#include <string>

#include "core/runtime/blocking.hpp"
#include "core/runtime/storage_driver.hpp"
#include "live/libvirt_connection.hpp"

namespace stacksim::live {

struct StorageConfig {
  std::string host;  // the storage host (e.g. the controller, as in the install guides)
  std::string uri;   // its libvirt URI
  std::string pool = "default-pool";
};

class LibvirtStorage final : public runtime::StorageDriver {
 public:
  explicit LibvirtStorage(StorageConfig config);

  runtime::Task<bool> connect();
  runtime::Task<void> create_volume(runtime::VolumeSpec spec) override;
  runtime::Task<void> delete_volume(std::string volume_id) override;
  runtime::Task<runtime::VolumeConnection> attach_volume(std::string volume_id,
                                                         std::string host) override;
  runtime::Task<void> detach_volume(std::string volume_id, std::string host) override;
  runtime::Task<runtime::TransferStats> transfer(runtime::TransferSpec transfer) override;

 private:
  template <class F>
  auto call(F fn) {
    return runtime::blocking([this, fn = std::move(fn)]() mutable { return connection_.call(fn); });
  }

  StorageConfig config_;
  LibvirtConnection connection_;
};

}  // namespace stacksim::live
