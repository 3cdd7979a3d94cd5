#pragma once
// One libvirt connection per host URI (test:///..., qemu:///system, qemu+ssh://host/system).
// Every method blocks; drivers call them inside runtime::blocking() so the event loop never waits.
// The connection registers for domain lifecycle events and for close/keepalive notices; a close
// notice, or a failed call after which libvirt says the connection is dead, marks it lost and
// calls the lost handler once, so the owner can report the host down and reconnect.

#include <libvirt/libvirt.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "live/libvirt_error.hpp"

namespace stacksim::live {

/// A libvirt lifecycle event (virDomainEventType and its detail) for one domain.
struct DomainLifecycleEvent {
  std::string uuid;
  int event = 0;
  int detail = 0;
};

class LibvirtConnection {
 public:
  using LifecycleHandler = std::function<void(const DomainLifecycleEvent&)>;
  using LostHandler = std::function<void(const std::string& why)>;

  /// Handlers run on libvirt's event thread or on a blocking-call worker; they must be quick and
  /// thread-safe (post to an executor).
  LibvirtConnection(std::string host, std::string uri, LifecycleHandler on_lifecycle,
                    LostHandler on_lost, int keepalive_interval_s = 5, int keepalive_count = 3);
  LibvirtConnection(const LibvirtConnection&) = delete;
  LibvirtConnection& operator=(const LibvirtConnection&) = delete;
  ~LibvirtConnection();

  [[nodiscard]] const std::string& uri() const noexcept { return uri_; }
  [[nodiscard]] bool is_open() const;

  /// Opens the connection (replacing a lost one). Throws LibvirtError (HypervisorUnavailable).
  void open();

  /// Runs fn(virConnectPtr) on the open connection. Throws HypervisorUnavailable when the
  /// connection is down; a failure that leaves it dead marks it lost and is rethrown as
  /// HypervisorUnavailable.
  template <class F>
  std::invoke_result_t<F&, virConnectPtr> call(F&& fn) {
    virConnectPtr conn = acquire();
    struct Release {
      virConnectPtr conn;
      ~Release() { virConnectClose(conn); }
    } release{conn};
    try {
      return fn(conn);
    } catch (const LibvirtError& error) {
      if (virConnectIsAlive(conn) == 1) throw;
      mark_lost(conn, error.what());
      throw hypervisor_unavailable(host_, error.what());
    }
  }

 private:
  struct Callbacks;
  struct Registration {
    virConnectPtr conn = nullptr;
    int lifecycle_id = -1;
    bool close_callback = false;
  };

  virConnectPtr acquire();  // a new reference to the open connection
  void mark_lost(virConnectPtr conn, const std::string& why);
  void release(Registration registration) noexcept;
  void release_stale();

  const std::string host_;
  const std::string uri_;
  const int keepalive_interval_s_;
  const int keepalive_count_;
  std::shared_ptr<Callbacks> callbacks_;
  LostHandler on_lost_;
  mutable std::mutex mutex_;
  Registration current_;
  std::vector<Registration> stale_;  // lost connections, released outside libvirt's callbacks
};

}  // namespace stacksim::live
