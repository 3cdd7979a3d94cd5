#pragma once
// runtime::HypervisorDriver over libvirt's C API, one connection per host. Every libvirt call runs
// inside runtime::blocking(), so the control plane's event loop never waits on libvirt; lifecycle
// events arrive on libvirt's event thread and are relayed to the executor as BackendEvents. A lost
// connection is reported as host_down and reopened with exponential backoff (then host_up).

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/runtime/blocking.hpp"
#include "core/runtime/executor.hpp"
#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/spawn.hpp"
#include "live/event_relay.hpp"
#include "live/libvirt_connection.hpp"
#include "live/libvirt_event_loop.hpp"
#include "live/libvirt_host_config.hpp"

namespace stacksim::live {

class LibvirtHypervisor final : public runtime::HypervisorDriver {
 public:
  /// `events` receives lifecycle and host up/down events. Nothing connects until connect().
  LibvirtHypervisor(LibvirtHostConfig config, runtime::Executor& executor,
                    std::shared_ptr<EventRelay> events);
  ~LibvirtHypervisor() override;

  [[nodiscard]] const std::string& host() const noexcept override { return config_.host; }
  [[nodiscard]] const LibvirtHostConfig& config() const noexcept { return config_; }
  [[nodiscard]] bool connected() const { return connection_.is_open(); }

  /// Opens the connection. On failure reports host_down, keeps reconnecting in the background and
  /// returns false.
  runtime::Task<bool> connect();

  runtime::Task<runtime::HostInfo> host_info() override;
  runtime::Task<void> spawn(runtime::InstanceSpec spec) override;
  /// Destroys and undefines the domain and deletes its local disks; a missing domain is not an
  /// error (Nova's destroy is idempotent too).
  runtime::Task<void> destroy(std::string uuid) override;
  runtime::Task<void> power_on(std::string uuid) override;
  /// Clean shutdown, then a hard power off after the configured shutdown timeout.
  runtime::Task<void> power_off(std::string uuid) override;
  runtime::Task<void> reboot(std::string uuid, runtime::RebootType type) override;
  /// Nova's suspend: virDomainManagedSave; resume restores from the managed-save image.
  runtime::Task<void> suspend(std::string uuid) override;
  runtime::Task<void> resume(std::string uuid) override;
  /// virDomainMigrate where the drivers support it; otherwise an emulated move (define on the
  /// destination, stop here, start there, undefine here) with the downtime measured.
  runtime::Task<runtime::MigrationStats> migrate(std::string uuid,
                                                 runtime::HypervisorDriver& destination,
                                                 bool live) override;
  runtime::Task<std::int64_t> snapshot(std::string uuid, std::string image_id) override;
  runtime::Task<void> attach_volume(std::string uuid,
                                    runtime::VolumeConnection connection) override;
  runtime::Task<void> detach_volume(std::string uuid, std::string volume_id) override;
  runtime::Task<runtime::InstanceInfo> instance_info(std::string uuid) override;
  /// The domains stacksim created on this host (those carrying its metadata), by UUID.
  runtime::Task<std::vector<runtime::InstanceInfo>> list_instances() override;

 private:
  /// co_await call(fn): fn(virConnectPtr) on a blocking-call worker. An awaiter, not a coroutine,
  /// so the closure is moved normally (GCC 12 bit-copies closures passed to coroutines by value).
  template <class F>
  auto call(F fn) {
    return runtime::blocking([this, fn = std::move(fn)]() mutable { return connection_.call(fn); });
  }

  void on_lifecycle(const DomainLifecycleEvent& event);
  void on_connection_lost(const std::string& why);
  void start_reconnecting();
  runtime::Task<void> reconnect_loop();
  runtime::Task<runtime::MigrationStats> emulated_move(std::string uuid,
                                                       LibvirtHypervisor& destination);
  /// The events an emulated move will cause here; each is swallowed once when libvirt delivers
  /// it (later, from its event thread). `clear` drops what is left for the instance.
  void expect_move_events(const std::string& uuid, std::vector<runtime::BackendEventKind> kinds);
  void clear_move_events(const std::string& uuid);

  LibvirtHostConfig config_;
  runtime::Executor& executor_;
  std::shared_ptr<EventRelay> events_;
  std::shared_ptr<LibvirtEventLoop> event_loop_;
  std::mutex moving_mutex_;
  // Events of emulated moves still to arrive: not news to the control plane.
  std::multiset<std::pair<std::string, runtime::BackendEventKind>> move_events_;
  bool reconnecting_ = false;  // executor thread only
  runtime::TaskHandle reconnect_task_;
  LibvirtConnection connection_;  // last: its callbacks use the members above
};

}  // namespace stacksim::live
