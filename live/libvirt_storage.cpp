#include "live/libvirt_storage.hpp"

#include <libvirt/virterror.h>

#include <cstdlib>

#include "live/domain_xml.hpp"

namespace stacksim::live {

using runtime::Task;

namespace {

struct Pool {
  virStoragePoolPtr pool;
  explicit Pool(virConnectPtr conn, const std::string& name)
      : pool(virStoragePoolLookupByName(conn, name.c_str())) {
    if (pool == nullptr) throw last_libvirt_error("looking up storage pool " + name);
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool() { virStoragePoolFree(pool); }
};

}  // namespace

LibvirtStorage::LibvirtStorage(StorageConfig config)
    : config_(std::move(config)),
      connection_(
          config_.host, config_.uri, [](const DomainLifecycleEvent&) {},
          [](const std::string&) {}) {
}

Task<bool> LibvirtStorage::connect() {
  const bool opened = co_await runtime::blocking([this] {
    try {
      connection_.open();
      return true;
    } catch (const LibvirtError&) {
      return false;
    }
  });
  co_return opened;
}

Task<void> LibvirtStorage::create_volume(runtime::VolumeSpec spec) {
  co_await call([this, &spec](virConnectPtr conn) {
    Pool pool(conn, spec.backend.empty() ? config_.pool : spec.backend);
    const std::string xml = "<volume><name>" + xml_escape(spec.id) +
                            "</name><capacity unit='GiB'>" + std::to_string(spec.size_gb) +
                            "</capacity><allocation>0</allocation></volume>";
    virStorageVolPtr volume = virStorageVolCreateXML(pool.pool, xml.c_str(), 0);
    if (volume == nullptr) throw last_libvirt_error("creating volume " + spec.id);
    virStorageVolFree(volume);
  });
}

Task<void> LibvirtStorage::delete_volume(std::string volume_id) {
  co_await call([this, &volume_id](virConnectPtr conn) {
    Pool pool(conn, config_.pool);
    virStorageVolPtr volume = virStorageVolLookupByName(pool.pool, volume_id.c_str());
    if (volume == nullptr) {
      virResetLastError();  // already gone
      return;
    }
    const int rc = virStorageVolDelete(volume, 0);
    virStorageVolFree(volume);
    if (rc < 0) throw last_libvirt_error("deleting volume " + volume_id);
  });
}

Task<runtime::VolumeConnection> LibvirtStorage::attach_volume(std::string volume_id,
                                                              std::string /*host*/) {
  auto connection = co_await call([this, &volume_id](virConnectPtr conn) {
    Pool pool(conn, config_.pool);
    virStorageVolPtr volume = virStorageVolLookupByName(pool.pool, volume_id.c_str());
    if (volume == nullptr) throw last_libvirt_error("looking up volume " + volume_id);
    virStorageVolInfo info{};
    char* path = virStorageVolGetPath(volume);
    const int rc = virStorageVolGetInfo(volume, &info);
    virStorageVolFree(volume);
    if (path == nullptr || rc < 0) {
      free(path);  // NOLINT(cppcoreguidelines-no-malloc): allocated by libvirt
      throw last_libvirt_error("reading volume " + volume_id);
    }
    runtime::VolumeConnection c;
    c.volume_id = volume_id;
    c.target = path;
    c.size_gb = static_cast<std::int64_t>(info.capacity >> 30);
    free(path);  // NOLINT(cppcoreguidelines-no-malloc): allocated by libvirt
    return c;
  });
  co_return connection;
}

Task<void> LibvirtStorage::detach_volume(std::string volume_id, std::string /*host*/) {
  // A pool volume is exported by its path; there is no per-host export to tear down.
  co_await call([this, &volume_id](virConnectPtr conn) {
    Pool pool(conn, config_.pool);
    virStorageVolPtr volume = virStorageVolLookupByName(pool.pool, volume_id.c_str());
    if (volume == nullptr) throw last_libvirt_error("looking up volume " + volume_id);
    virStorageVolFree(volume);
  });
}

Task<runtime::TransferStats> LibvirtStorage::transfer(runtime::TransferSpec transfer) {
  runtime::TransferStats stats;
  stats.bytes = transfer.bytes;
  co_return stats;
}

}  // namespace stacksim::live
