#pragma once
// An instance's local disks (Nova's disk, disk.eph0, disk.swap) as volumes of one libvirt storage
// pool per host, named "<uuid>_disk", "<uuid>_disk.eph0", "<uuid>_disk.swap". The pool doubles as
// the host's image cache: a volume named after a Glance image ID is cloned into the root disk;
// without one the root disk is blank (the guest stays in its firmware, which is enough to exercise
// the lifecycle). All functions block; call them inside runtime::blocking().

#include <libvirt/libvirt.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/hypervisor_driver.hpp"
#include "live/domain_xml.hpp"

namespace stacksim::live {

struct LocalVolume {
  std::string name;
  std::uint64_t capacity_bytes = 0;
};

/// Creates the root, ephemeral and swap volumes the flavor asks for and returns them as disks
/// (vda, vdb, ...). On failure the volumes created so far are deleted and a LibvirtError thrown.
std::vector<DiskDevice> create_local_disks(virConnectPtr conn, const std::string& pool,
                                           const runtime::InstanceSpec& spec);

/// The instance's volumes in the pool, in name order.
std::vector<LocalVolume> list_local_disks(virConnectPtr conn, const std::string& pool,
                                          std::string_view uuid);

/// Creates blank volumes with the given names and capacities (the far side of an emulated move).
void create_blank_volumes(virConnectPtr conn, const std::string& pool,
                          const std::vector<LocalVolume>& volumes);

/// Deletes every volume of the instance; a missing pool or volume is not an error.
void delete_local_disks(virConnectPtr conn, const std::string& pool, std::string_view uuid);

/// Copies the instance's root disk to a new volume `image_id` (a snapshot into the image cache);
/// returns its size in bytes. Throws LibvirtError (NotSupported) when the instance has no root
/// disk in the pool.
std::int64_t snapshot_root_disk(virConnectPtr conn, const std::string& pool, std::string_view uuid,
                                const std::string& image_id);

/// Capacity of the pool in GiB (0 when the pool reports none).
std::int64_t pool_capacity_gb(virConnectPtr conn, const std::string& pool);

}  // namespace stacksim::live
