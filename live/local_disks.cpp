#include "live/local_disks.hpp"

#include <libvirt/virterror.h>

#include <algorithm>
#include <memory>

#include "live/libvirt_error.hpp"

namespace stacksim::live {
namespace {

constexpr std::uint64_t gib = 1ULL << 30;
constexpr std::uint64_t mib = 1ULL << 20;

struct PoolDeleter {
  void operator()(virStoragePoolPtr p) const noexcept { virStoragePoolFree(p); }
};
struct VolumeDeleter {
  void operator()(virStorageVolPtr v) const noexcept { virStorageVolFree(v); }
};
using PoolPtr = std::unique_ptr<virStoragePool, PoolDeleter>;
using VolumePtr = std::unique_ptr<virStorageVol, VolumeDeleter>;

PoolPtr open_pool(virConnectPtr conn, const std::string& pool) {
  PoolPtr p(virStoragePoolLookupByName(conn, pool.c_str()));
  if (!p) throw last_libvirt_error("looking up storage pool " + pool);
  return p;
}

VolumePtr find_volume(virStoragePoolPtr pool, const std::string& name) {
  VolumePtr v(virStorageVolLookupByName(pool, name.c_str()));
  if (!v) virResetLastError();
  return v;
}

std::string volume_xml(const std::string& name, std::uint64_t capacity_bytes) {
  return "<volume><name>" + xml_escape(name) + "</name><capacity unit='bytes'>" +
         std::to_string(capacity_bytes) +
         "</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>";
}

VolumePtr create_volume(virStoragePoolPtr pool, const std::string& name,
                        std::uint64_t capacity_bytes, virStorageVolPtr clone_from) {
  const std::string xml = volume_xml(name, capacity_bytes);
  VolumePtr v(clone_from != nullptr ? virStorageVolCreateXMLFrom(pool, xml.c_str(), clone_from, 0)
                                    : virStorageVolCreateXML(pool, xml.c_str(), 0));
  if (!v) throw last_libvirt_error("creating volume " + name);
  return v;
}

std::uint64_t capacity_of(virStorageVolPtr volume) {
  virStorageVolInfo info{};
  if (virStorageVolGetInfo(volume, &info) < 0) throw last_libvirt_error("reading volume size");
  return info.capacity;
}

std::string volume_prefix(std::string_view uuid) {
  return std::string(uuid) + "_disk";
}

}  // namespace

std::vector<DiskDevice> create_local_disks(virConnectPtr conn, const std::string& pool,
                                           const runtime::InstanceSpec& spec) {
  PoolPtr p = open_pool(conn, pool);
  struct Planned {
    std::string suffix;
    std::uint64_t capacity;
    bool from_image;
  };
  std::vector<Planned> plan;
  VolumePtr image = spec.image.id.empty() ? nullptr : find_volume(p.get(), spec.image.id);
  const std::uint64_t image_bytes =
      image ? capacity_of(image.get()) : static_cast<std::uint64_t>(spec.image.size_bytes);
  // Nova: a flavor with root_gb 0 boots from a root disk the size of the image.
  const std::uint64_t root = std::max(static_cast<std::uint64_t>(spec.root_gb) * gib, image_bytes);
  if (root > 0) plan.push_back({"", root, static_cast<bool>(image)});
  if (spec.ephemeral_gb > 0) {
    plan.push_back({".eph0", static_cast<std::uint64_t>(spec.ephemeral_gb) * gib, false});
  }
  if (spec.swap_mb > 0) {
    plan.push_back({".swap", static_cast<std::uint64_t>(spec.swap_mb) * mib, false});
  }
  std::vector<DiskDevice> disks;
  try {
    for (const Planned& planned : plan) {
      DiskDevice disk;
      disk.pool = pool;
      disk.volume = volume_prefix(spec.uuid) + planned.suffix;
      disk.target = virtio_disk_name(disks.size());
      create_volume(p.get(), disk.volume, planned.capacity,
                    planned.from_image ? image.get() : nullptr);
      disks.push_back(std::move(disk));
    }
  } catch (...) {
    delete_local_disks(conn, pool, spec.uuid);
    throw;
  }
  return disks;
}

std::vector<LocalVolume> list_local_disks(virConnectPtr conn, const std::string& pool,
                                          std::string_view uuid) {
  PoolPtr p = open_pool(conn, pool);
  virStorageVolPtr* volumes = nullptr;
  const int n = virStoragePoolListAllVolumes(p.get(), &volumes, 0);
  if (n < 0) throw last_libvirt_error("listing volumes of pool " + pool);
  std::vector<VolumePtr> owned(volumes, volumes + n);
  free(volumes);  // NOLINT(cppcoreguidelines-no-malloc): libvirt allocated the array
  const std::string prefix = volume_prefix(uuid);
  std::vector<LocalVolume> out;
  for (const VolumePtr& v : owned) {
    const char* name = virStorageVolGetName(v.get());
    if (name == nullptr || !std::string_view(name).starts_with(prefix)) continue;
    out.push_back({name, capacity_of(v.get())});
  }
  std::sort(out.begin(), out.end(),
            [](const LocalVolume& a, const LocalVolume& b) { return a.name < b.name; });
  return out;
}

void create_blank_volumes(virConnectPtr conn, const std::string& pool,
                          const std::vector<LocalVolume>& volumes) {
  PoolPtr p = open_pool(conn, pool);
  for (const LocalVolume& v : volumes) {
    if (!find_volume(p.get(), v.name)) create_volume(p.get(), v.name, v.capacity_bytes, nullptr);
  }
}

void delete_local_disks(virConnectPtr conn, const std::string& pool, std::string_view uuid) {
  PoolPtr p(virStoragePoolLookupByName(conn, pool.c_str()));
  if (!p) {
    virResetLastError();
    return;
  }
  for (const LocalVolume& v : list_local_disks(conn, pool, uuid)) {
    VolumePtr volume = find_volume(p.get(), v.name);
    if (volume && virStorageVolDelete(volume.get(), 0) < 0) {
      throw last_libvirt_error("deleting volume " + v.name);
    }
  }
}

std::int64_t snapshot_root_disk(virConnectPtr conn, const std::string& pool, std::string_view uuid,
                                const std::string& image_id) {
  PoolPtr p = open_pool(conn, pool);
  VolumePtr root = find_volume(p.get(), volume_prefix(uuid));
  if (!root) {
    throw LibvirtError(
        "NotSupported", 501,
        "instance " + std::string(uuid) + " has no root disk in pool " + pool + " to snapshot",
        VIR_ERR_NO_STORAGE_VOL);
  }
  VolumePtr copy = create_volume(p.get(), image_id, capacity_of(root.get()), root.get());
  return static_cast<std::int64_t>(capacity_of(copy.get()));
}

std::int64_t pool_capacity_gb(virConnectPtr conn, const std::string& pool) {
  PoolPtr p = open_pool(conn, pool);
  virStoragePoolInfo info{};
  if (virStoragePoolGetInfo(p.get(), &info) < 0) throw last_libvirt_error("reading pool " + pool);
  return static_cast<std::int64_t>(info.capacity / gib);
}

}  // namespace stacksim::live
