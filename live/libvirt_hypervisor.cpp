#include "live/libvirt_hypervisor.hpp"

#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdlib>

#include "core/runtime/sleep.hpp"
#include "live/domain_xml.hpp"
#include "live/libvirt_domain.hpp"
#include "live/lifecycle_event.hpp"
#include "live/local_disks.hpp"

namespace stacksim::live {

using runtime::BackendEvent;
using runtime::BackendEventKind;
using runtime::Task;

namespace {

void check(int result, const std::string& action) {
  if (result < 0) throw last_libvirt_error(action);
}

runtime::InstanceInfo info_of(virDomainPtr domain) {
  runtime::InstanceInfo info;
  info.uuid = domain_uuid(domain);
  virDomainInfo raw{};
  check(virDomainGetInfo(domain, &raw), "reading instance " + info.uuid);
  info.power_state =
      power_state_of(raw.state, raw.state == VIR_DOMAIN_SHUTOFF && has_managed_save(domain));
  info.vcpus = raw.nrVirtCpu;
  info.memory_mb = static_cast<std::int64_t>(raw.maxMem / 1024);
  info.cpu_time = runtime::Duration(static_cast<runtime::Duration::rep>(raw.cpuTime));
  return info;
}

std::string xml_of(virDomainPtr domain, unsigned flags, const std::string& uuid) {
  char* xml = virDomainGetXMLDesc(domain, flags);
  if (xml == nullptr) throw last_libvirt_error("reading the definition of " + uuid);
  std::string out(xml);
  free(xml);  // NOLINT(cppcoreguidelines-no-malloc): allocated by libvirt
  return out;
}

// The <disk> element whose <serial> is the volume ID, as libvirt printed it.
std::string disk_element_with_serial(const std::string& xml, const std::string& volume_id) {
  const std::string serial = "<serial>" + xml_escape(volume_id) + "</serial>";
  const std::size_t at = xml.find(serial);
  if (at == std::string::npos) return {};
  const std::size_t begin = xml.rfind("<disk ", at);
  const std::size_t end = xml.find("</disk>", at);
  if (begin == std::string::npos || end == std::string::npos) return {};
  return xml.substr(begin, end + 7 - begin);
}

// Drivers without device hot-plug (the test driver) get the change in the persistent definition,
// which is what VIR_DOMAIN_AFFECT_CONFIG does on drivers that have it.
void change_persistent_definition(virConnectPtr conn, virDomainPtr domain, const std::string& uuid,
                                  const std::string& remove, const std::string& add) {
  std::string xml = xml_of(domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE, uuid);
  if (!remove.empty()) {
    const std::size_t at = xml.find(remove);
    if (at != std::string::npos) xml.erase(at, remove.size());
  }
  if (!add.empty()) {
    const std::size_t at = xml.rfind("</devices>");
    if (at == std::string::npos) throw last_libvirt_error("instance " + uuid + " has no devices");
    xml.insert(at, add);
  }
  DomainPtr redefined(virDomainDefineXML(conn, xml.c_str()));
  if (!redefined) throw last_libvirt_error("redefining instance " + uuid);
}

void change_device(virConnectPtr conn, const std::string& uuid, const std::string& device_xml,
                   bool attach, const std::string& persistent_remove) {
  DomainPtr domain = lookup_domain(conn, uuid);
  unsigned flags = VIR_DOMAIN_AFFECT_CONFIG;
  if (domain_active(domain.get())) flags |= VIR_DOMAIN_AFFECT_LIVE;
  const int result = attach ? virDomainAttachDeviceFlags(domain.get(), device_xml.c_str(), flags)
                            : virDomainDetachDeviceFlags(domain.get(), device_xml.c_str(), flags);
  if (result == 0) return;
  LibvirtError error = last_libvirt_error((attach ? "attaching a volume to "
                                                  : "detaching a "
                                                    "volume from ") +
                                          uuid);
  if (!error.unsupported()) throw error;
  virResetLastError();
  change_persistent_definition(conn, domain.get(), uuid, persistent_remove,
                               attach ? device_xml : std::string());
}

}  // namespace

LibvirtHypervisor::LibvirtHypervisor(LibvirtHostConfig config, runtime::Executor& executor,
                                     std::shared_ptr<EventRelay> events)
    : config_(std::move(config)),
      executor_(executor),
      events_(std::move(events)),
      event_loop_(LibvirtEventLoop::acquire()),
      connection_(
          config_.host, config_.uri, [this](const DomainLifecycleEvent& e) { on_lifecycle(e); },
          [this](const std::string& why) { on_connection_lost(why); }, config_.keepalive_interval_s,
          config_.keepalive_count) {
}

LibvirtHypervisor::~LibvirtHypervisor() {
  reconnect_task_.cancel();
}

void LibvirtHypervisor::on_lifecycle(const DomainLifecycleEvent& event) {
  const auto kind = backend_event_kind(event.event, event.detail);
  if (!kind) return;
  {
    std::lock_guard lock(moving_mutex_);
    auto expected = move_events_.find({event.uuid, *kind});
    if (expected != move_events_.end()) {
      move_events_.erase(expected);
      return;
    }
  }
  events_->emit(BackendEvent{*kind,
                             {},
                             config_.host,
                             event.uuid,
                             "libvirt lifecycle event " + std::to_string(event.event) + "/" +
                                 std::to_string(event.detail)});
}

void LibvirtHypervisor::on_connection_lost(const std::string& why) {
  events_->emit(BackendEvent{BackendEventKind::host_down,
                             {},
                             config_.host,
                             {},
                             "libvirt connection to " + config_.uri + " lost: " + why});
  executor_.post([this] { start_reconnecting(); });
}

void LibvirtHypervisor::start_reconnecting() {
  if (reconnecting_ || connection_.is_open()) return;
  reconnecting_ = true;
  reconnect_task_ = runtime::spawn(executor_, reconnect_loop());
}

Task<void> LibvirtHypervisor::reconnect_loop() {
  for (int attempt = 0;; ++attempt) {
    co_await runtime::sleep_for(config_.reconnect.delay(attempt));
    const bool opened = co_await runtime::blocking([this] {
      try {
        connection_.open();
        return true;
      } catch (const LibvirtError&) {
        return false;
      }
    });
    if (opened) break;
  }
  reconnecting_ = false;
  events_->emit(BackendEvent{BackendEventKind::host_up,
                             {},
                             config_.host,
                             {},
                             "libvirt connection to " + config_.uri + " reopened"});
}

Task<bool> LibvirtHypervisor::connect() {
  std::string failure;
  const bool opened = co_await runtime::blocking([this, &failure] {
    try {
      connection_.open();
      return true;
    } catch (const LibvirtError& error) {
      failure = error.what();
      return false;
    }
  });
  if (!opened) {
    events_->emit(BackendEvent{BackendEventKind::host_down, {}, config_.host, {}, failure});
    start_reconnecting();
  }
  co_return opened;
}

Task<runtime::HostInfo> LibvirtHypervisor::host_info() {
  if (!connection_.is_open()) {
    runtime::HostInfo down;
    down.name = config_.host;
    down.up = false;
    co_return down;
  }
  auto result = co_await call([this](virConnectPtr conn) {
    runtime::HostInfo info;
    info.name = config_.host;
    virNodeInfo node{};
    check(virNodeGetInfo(conn, &node), "reading node info of " + config_.host);
    info.vcpus = static_cast<int>(node.cpus);
    info.memory_mb = static_cast<std::int64_t>(node.memory / 1024);
    info.cpu_arch = node.model;
    const char* type = virConnectGetType(conn);
    if (type != nullptr) info.hypervisor_type = type;
    unsigned long version = 0;
    if (virConnectGetVersion(conn, &version) == 0) {
      info.hypervisor_version = static_cast<std::int64_t>(version);
    }
    if (!config_.storage_pool.empty()) {
      info.disk_gb = pool_capacity_gb(conn, config_.storage_pool);
    }
    return info;
  });
  co_return result;
}

Task<void> LibvirtHypervisor::spawn(runtime::InstanceSpec spec) {
  co_await call([this, &spec](virConnectPtr conn) {
    if (find_domain(conn, spec.uuid)) {
      throw LibvirtError("InstanceExists", 409,
                         "instance " + spec.uuid + " already exists on " + config_.host,
                         VIR_ERR_DOM_EXIST);
    }
    DomainOptions options{
        config_.domain_type, config_.emulator, config_.machine, config_.integration_bridge, {}};
    if (!config_.storage_pool.empty()) {
      options.local_disks = create_local_disks(conn, config_.storage_pool, spec);
    }
    try {
      const std::string xml = domain_xml(spec, options);
      DomainPtr domain(virDomainDefineXML(conn, xml.c_str()));
      if (!domain) throw last_libvirt_error("defining instance " + spec.uuid);
      if (virDomainCreate(domain.get()) < 0) {
        const LibvirtError error = last_libvirt_error("starting instance " + spec.uuid);
        undefine(domain.get());
        throw error;
      }
    } catch (...) {
      if (!config_.storage_pool.empty()) delete_local_disks(conn, config_.storage_pool, spec.uuid);
      throw;
    }
  });
}

Task<void> LibvirtHypervisor::destroy(std::string uuid) {
  co_await call([this, &uuid](virConnectPtr conn) {
    if (DomainPtr domain = find_domain(conn, uuid)) {
      destroy_if_active(domain.get());
      undefine(domain.get());
    }
    if (!config_.storage_pool.empty()) delete_local_disks(conn, config_.storage_pool, uuid);
  });
}

Task<void> LibvirtHypervisor::power_on(std::string uuid) {
  co_await call([&uuid](virConnectPtr conn) {
    DomainPtr domain = lookup_domain(conn, uuid);
    if (domain_active(domain.get())) return;
    check(virDomainCreate(domain.get()), "powering on instance " + uuid);
  });
}

Task<void> LibvirtHypervisor::power_off(std::string uuid) {
  const bool active = co_await call([&uuid](virConnectPtr conn) {
    DomainPtr domain = lookup_domain(conn, uuid);
    if (!domain_active(domain.get())) return false;
    if (virDomainShutdown(domain.get()) < 0) virResetLastError();  // the hard stop follows
    return domain_active(domain.get());
  });
  if (!active) co_return;
  runtime::Executor& executor = co_await runtime::this_task::executor();
  const runtime::TimePoint deadline = executor.now() + config_.shutdown_timeout;
  while (executor.now() < deadline) {
    co_await runtime::sleep_for(std::min(config_.shutdown_poll, deadline - executor.now()));
    const bool still = co_await call(
        [&uuid](virConnectPtr conn) { return domain_active(lookup_domain(conn, uuid).get()); });
    if (!still) co_return;
  }
  co_await call(
      [&uuid](virConnectPtr conn) { destroy_if_active(lookup_domain(conn, uuid).get()); });
}

Task<void> LibvirtHypervisor::reboot(std::string uuid, runtime::RebootType type) {
  co_await call([&uuid, type](virConnectPtr conn) {
    DomainPtr domain = lookup_domain(conn, uuid);
    if (type == runtime::RebootType::soft) {
      if (virDomainReboot(domain.get(), 0) == 0) return;
      LibvirtError error = last_libvirt_error("rebooting instance " + uuid);
      if (!error.unsupported()) throw error;
      virResetLastError();  // Nova falls back to a hard reboot as well
    }
    destroy_if_active(domain.get());
    check(virDomainCreate(domain.get()), "starting instance " + uuid + " after a hard reboot");
  });
}

Task<void> LibvirtHypervisor::suspend(std::string uuid) {
  co_await call([&uuid](virConnectPtr conn) {
    check(virDomainManagedSave(lookup_domain(conn, uuid).get(), 0), "suspending instance " + uuid);
  });
}

Task<void> LibvirtHypervisor::resume(std::string uuid) {
  co_await call([&uuid](virConnectPtr conn) {
    DomainPtr domain = lookup_domain(conn, uuid);
    if (domain_state(domain.get()) == VIR_DOMAIN_PAUSED) {
      check(virDomainResume(domain.get()), "resuming instance " + uuid);
      return;
    }
    check(virDomainCreate(domain.get()), "resuming instance " + uuid);
  });
}

void LibvirtHypervisor::expect_move_events(const std::string& uuid,
                                           std::vector<BackendEventKind> kinds) {
  std::lock_guard lock(moving_mutex_);
  for (BackendEventKind kind : kinds)
    move_events_.insert({uuid, kind});
}

void LibvirtHypervisor::clear_move_events(const std::string& uuid) {
  std::lock_guard lock(moving_mutex_);
  for (auto it = move_events_.begin(); it != move_events_.end();) {
    it = it->first == uuid ? move_events_.erase(it) : std::next(it);
  }
}

Task<runtime::MigrationStats> LibvirtHypervisor::migrate(std::string uuid,
                                                         runtime::HypervisorDriver& destination,
                                                         bool live) {
  auto* target = dynamic_cast<LibvirtHypervisor*>(&destination);
  if (target == nullptr || target == this) {
    throw runtime::ServiceError("InvalidRequest", 400,
                                "instance " + uuid + " cannot migrate from " + config_.host +
                                    " to " + destination.host() +
                                    ": the destination must be another libvirt host");
  }
  if (target->config_.storage_pool != config_.storage_pool) {
    throw runtime::ServiceError("InvalidRequest", 400,
                                "hosts " + config_.host + " and " + target->config_.host +
                                    " keep local disks in different storage pools");
  }
  runtime::Executor& executor = co_await runtime::this_task::executor();
  const runtime::TimePoint start = executor.now();
  bool unsupported = false;
  runtime::MigrationStats stats = co_await call([&](virConnectPtr conn) {
    return target->connection_.call([&](virConnectPtr dconn) {
      runtime::MigrationStats s;
      DomainPtr domain = lookup_domain(conn, uuid);
      std::vector<LocalVolume> volumes;
      if (!config_.storage_pool.empty()) {
        volumes = list_local_disks(conn, config_.storage_pool, uuid);
        create_blank_volumes(dconn, config_.storage_pool, volumes);
      }
      unsigned long flags = VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE;
      if (live && domain_active(domain.get())) flags |= VIR_MIGRATE_LIVE;
      if (!volumes.empty()) flags |= VIR_MIGRATE_NON_SHARED_DISK;
      DomainPtr moved(virDomainMigrate(domain.get(), dconn, flags, nullptr, nullptr, 0));
      if (!moved) {
        LibvirtError error = last_libvirt_error("migrating instance " + uuid);
        if (!config_.storage_pool.empty()) delete_local_disks(dconn, config_.storage_pool, uuid);
        if (!error.unsupported()) throw error;
        virResetLastError();
        unsupported = true;
        return s;
      }
      if (!config_.storage_pool.empty()) delete_local_disks(conn, config_.storage_pool, uuid);
      virTypedParameterPtr params = nullptr;
      int nparams = 0;
      int job_type = 0;
      if (virDomainGetJobStats(moved.get(), &job_type, &params, &nparams,
                               VIR_DOMAIN_JOB_STATS_COMPLETED) == 0) {
        unsigned long long value = 0;
        if (virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_JOB_DATA_PROCESSED, &value) == 1) {
          s.bytes_transferred = static_cast<std::int64_t>(value);
        }
        if (virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_JOB_DOWNTIME, &value) == 1) {
          s.downtime = std::chrono::milliseconds(value);
        }
        if (virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_JOB_MEMORY_ITERATION, &value) ==
            1) {
          s.rounds = static_cast<int>(value);
        }
        virTypedParamsFree(params, nparams);
      } else {
        virResetLastError();  // statistics are optional
      }
      return s;
    });
  });
  if (unsupported) {
    runtime::MigrationStats moved = co_await emulated_move(uuid, *target);
    co_return moved;
  }
  stats.total_time = executor.now() - start;
  co_return stats;
}

Task<runtime::MigrationStats> LibvirtHypervisor::emulated_move(std::string uuid,
                                                               LibvirtHypervisor& destination) {
  runtime::Executor& executor = co_await runtime::this_task::executor();
  const runtime::TimePoint start = executor.now();
  runtime::TimePoint stopped_at{};
  runtime::TimePoint started_at{};
  co_await call([&](virConnectPtr conn) {
    destination.connection_.call([&](virConnectPtr dconn) {
      DomainPtr domain = lookup_domain(conn, uuid);
      const bool running = domain_active(domain.get());
      const std::string xml =
          xml_of(domain.get(), VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE, uuid);
      // The move's own events are not news; a failed move's are.
      if (running) {
        expect_move_events(
            uuid, {BackendEventKind::instance_stopped, BackendEventKind::instance_deleted});
        destination.expect_move_events(uuid, {BackendEventKind::instance_started});
      } else {
        expect_move_events(uuid, {BackendEventKind::instance_deleted});
      }
      struct Unexpect {
        LibvirtHypervisor& a;
        LibvirtHypervisor& b;
        const std::string& uuid;
        bool done = false;
        ~Unexpect() {
          if (done) return;
          a.clear_move_events(uuid);
          b.clear_move_events(uuid);
        }
      } unexpect{*this, destination, uuid};
      std::vector<LocalVolume> volumes;
      if (!config_.storage_pool.empty()) {
        volumes = list_local_disks(conn, config_.storage_pool, uuid);
        create_blank_volumes(dconn, config_.storage_pool, volumes);
      }
      DomainPtr moved(virDomainDefineXML(dconn, xml.c_str()));
      if (!moved) {
        const LibvirtError error =
            last_libvirt_error("defining instance " + uuid + " on " + destination.config_.host);
        if (!volumes.empty()) delete_local_disks(dconn, config_.storage_pool, uuid);
        throw error;
      }
      stopped_at = executor.now();
      if (running) {
        destroy_if_active(domain.get());
        if (virDomainCreate(moved.get()) < 0) {
          // Roll back: the instance keeps running where it was.
          const LibvirtError error =
              last_libvirt_error("starting instance " + uuid + " on " + destination.config_.host);
          undefine(moved.get());
          if (!volumes.empty()) delete_local_disks(dconn, config_.storage_pool, uuid);
          check(virDomainCreate(domain.get()),
                "restarting instance " + uuid + " after a failed move");
          throw error;
        }
      }
      started_at = executor.now();
      undefine(domain.get());
      unexpect.done = true;
      if (!volumes.empty()) delete_local_disks(conn, config_.storage_pool, uuid);
    });
  });
  runtime::MigrationStats stats;
  stats.total_time = executor.now() - start;
  stats.downtime = started_at - stopped_at;
  co_return stats;  // nothing is copied: the destination starts from the same definition
}

Task<std::int64_t> LibvirtHypervisor::snapshot(std::string uuid, std::string image_id) {
  if (config_.storage_pool.empty()) {
    throw LibvirtError("NotSupported", 501,
                       "instance " + uuid + " on " + config_.host +
                           " has no local disk to snapshot (no storage pool configured)",
                       VIR_ERR_NO_SUPPORT);
  }
  auto result = co_await call([&](virConnectPtr conn) {
    lookup_domain(conn, uuid);
    return snapshot_root_disk(conn, config_.storage_pool, uuid, image_id);
  });
  co_return result;
}

Task<void> LibvirtHypervisor::attach_volume(std::string uuid,
                                            runtime::VolumeConnection connection) {
  co_await call([&](virConnectPtr conn) {
    change_device(conn, uuid, disk_xml(volume_disk(connection)), true, {});
  });
}

Task<void> LibvirtHypervisor::detach_volume(std::string uuid, std::string volume_id) {
  co_await call([&](virConnectPtr conn) {
    DomainPtr domain = lookup_domain(conn, uuid);
    const std::string live = disk_element_with_serial(xml_of(domain.get(), 0, uuid), volume_id);
    const std::string persistent =
        disk_element_with_serial(xml_of(domain.get(), VIR_DOMAIN_XML_INACTIVE, uuid), volume_id);
    if (live.empty() && persistent.empty()) {
      throw LibvirtError("VolumeNotFound", 404,
                         "volume " + volume_id + " is not attached to instance " + uuid,
                         VIR_ERR_NO_STORAGE_VOL);
    }
    change_device(conn, uuid, live.empty() ? persistent : live, false, persistent);
  });
}

Task<runtime::InstanceInfo> LibvirtHypervisor::instance_info(std::string uuid) {
  auto result = co_await call(
      [&uuid](virConnectPtr conn) { return info_of(lookup_domain(conn, uuid).get()); });
  co_return result;
}

Task<std::vector<runtime::InstanceInfo>> LibvirtHypervisor::list_instances() {
  auto result = co_await call([](virConnectPtr conn) {
    virDomainPtr* domains = nullptr;
    const int n = virConnectListAllDomains(conn, &domains, 0);
    check(n, "listing domains");
    std::vector<DomainPtr> owned(domains, domains + n);
    free(domains);  // NOLINT(cppcoreguidelines-no-malloc): allocated by libvirt
    std::vector<runtime::InstanceInfo> out;
    for (const DomainPtr& domain : owned) {
      try {
        if (is_stacksim_domain(domain.get())) out.push_back(info_of(domain.get()));
      } catch (const LibvirtError& error) {
        if (error.type() != "InstanceNotFound") throw;  // undefined while we listed
      }
    }
    std::sort(out.begin(), out.end(),
              [](const runtime::InstanceInfo& a, const runtime::InstanceInfo& b) {
                return a.uuid < b.uuid;
              });
    return out;
  });
  co_return result;
}

}  // namespace stacksim::live
