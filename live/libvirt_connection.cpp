#include "live/libvirt_connection.hpp"

#include <libvirt/virterror.h>

#include <array>

namespace stacksim::live {

// Shared with libvirt as callback data: it outlives the connection object until libvirt frees
// every registration, and `active` drops events that race with destruction.
struct LibvirtConnection::Callbacks {
  std::mutex mutex;
  bool active = true;
  LibvirtConnection* owner = nullptr;
  LifecycleHandler on_lifecycle;

  static void free_opaque(void* opaque) { delete static_cast<std::shared_ptr<Callbacks>*>(opaque); }
  static Callbacks& of(void* opaque) { return **static_cast<std::shared_ptr<Callbacks>*>(opaque); }

  static int lifecycle(virConnectPtr /*conn*/, virDomainPtr domain, int event, int detail,
                       void* opaque) {
    Callbacks& self = of(opaque);
    std::array<char, VIR_UUID_STRING_BUFLEN> uuid{};
    if (virDomainGetUUIDString(domain, uuid.data()) < 0) return 0;
    std::lock_guard lock(self.mutex);
    if (self.active) self.on_lifecycle(DomainLifecycleEvent{uuid.data(), event, detail});
    return 0;
  }

  static void closed(virConnectPtr conn, int reason, void* opaque) {
    Callbacks& self = *static_cast<Callbacks*>(opaque);
    static constexpr std::array<const char*, 4> reasons = {
        "connection closed on error", "connection closed at end of file", "keepalive timed out",
        "connection closed by the client"};
    const char* why = reason >= 0 && reason < static_cast<int>(reasons.size())
                          ? reasons[static_cast<std::size_t>(reason)]
                          : "connection closed";
    std::lock_guard lock(self.mutex);
    if (self.active) self.owner->mark_lost(conn, why);
  }
};

LibvirtConnection::LibvirtConnection(std::string host, std::string uri,
                                     LifecycleHandler on_lifecycle, LostHandler on_lost,
                                     int keepalive_interval_s, int keepalive_count)
    : host_(std::move(host)),
      uri_(std::move(uri)),
      keepalive_interval_s_(keepalive_interval_s),
      keepalive_count_(keepalive_count),
      callbacks_(std::make_shared<Callbacks>()),
      on_lost_(std::move(on_lost)) {
  callbacks_->owner = this;
  callbacks_->on_lifecycle = std::move(on_lifecycle);
}

LibvirtConnection::~LibvirtConnection() {
  {
    std::lock_guard lock(callbacks_->mutex);
    callbacks_->active = false;
  }
  std::lock_guard lock(mutex_);
  if (current_.conn != nullptr) stale_.push_back(std::exchange(current_, {}));
  for (Registration& r : stale_)
    release(r);
}

bool LibvirtConnection::is_open() const {
  std::lock_guard lock(mutex_);
  return current_.conn != nullptr;
}

void LibvirtConnection::open() {
  release_stale();
  virConnectPtr conn = virConnectOpenAuth(uri_.c_str(), virConnectAuthPtrDefault, 0);
  if (conn == nullptr) {
    throw hypervisor_unavailable(host_, last_libvirt_error("opening " + uri_).what());
  }
  Registration registration{conn, -1, false};
  registration.lifecycle_id = virConnectDomainEventRegisterAny(
      conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
      VIR_DOMAIN_EVENT_CALLBACK(&Callbacks::lifecycle), new std::shared_ptr<Callbacks>(callbacks_),
      &Callbacks::free_opaque);
  if (registration.lifecycle_id < 0) {
    const LibvirtError error = last_libvirt_error("subscribing to domain events on " + uri_);
    release(registration);
    throw error;
  }
  // Drivers without close notices (the test driver) and local URIs without keepalive are fine:
  // their connections cannot be lost underneath us.
  // libvirt does not always free close-callback data, so it gets a plain pointer: callbacks_
  // outlives the registration, which is removed before the connection is closed.
  if (virConnectRegisterCloseCallback(conn, &Callbacks::closed, callbacks_.get(), nullptr) == 0) {
    registration.close_callback = true;
  } else {
    virResetLastError();
  }
  if (keepalive_interval_s_ > 0 &&
      virConnectSetKeepAlive(conn, keepalive_interval_s_, static_cast<unsigned>(keepalive_count_)) <
          0) {
    virResetLastError();
  }
  std::lock_guard lock(mutex_);
  if (current_.conn != nullptr) stale_.push_back(std::exchange(current_, {}));
  current_ = registration;
}

virConnectPtr LibvirtConnection::acquire() {
  std::lock_guard lock(mutex_);
  if (current_.conn == nullptr) throw hypervisor_unavailable(host_, "not connected to " + uri_);
  virConnectRef(current_.conn);
  return current_.conn;
}

void LibvirtConnection::mark_lost(virConnectPtr conn, const std::string& why) {
  {
    std::lock_guard lock(mutex_);
    if (current_.conn != conn || conn == nullptr) return;  // already reported
    stale_.push_back(std::exchange(current_, {}));
  }
  on_lost_(why);
}

void LibvirtConnection::release(Registration registration) noexcept {
  if (registration.conn == nullptr) return;
  if (registration.lifecycle_id >= 0) {
    virConnectDomainEventDeregisterAny(registration.conn, registration.lifecycle_id);
  }
  if (registration.close_callback) {
    virConnectUnregisterCloseCallback(registration.conn, &Callbacks::closed);
  }
  virConnectClose(registration.conn);
  virResetLastError();
}

void LibvirtConnection::release_stale() {
  std::vector<Registration> stale;
  {
    std::lock_guard lock(mutex_);
    stale.swap(stale_);
  }
  for (Registration& r : stale)
    release(r);
}

}  // namespace stacksim::live
