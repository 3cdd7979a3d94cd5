#pragma once
// libvirt's default event loop (virEventRegisterDefaultImpl + virEventRunDefaultImpl) on a thread
// of its own. It delivers domain lifecycle events, connection-close notices and keepalives. libvirt
// keeps one event implementation per process, so this object is shared: the first acquire()
// starts the thread and the last owner's release stops and joins it.

#include <atomic>
#include <memory>
#include <thread>

namespace stacksim::live {

class LibvirtEventLoop {
 public:
  /// The running loop, started if nobody holds it. Throws std::runtime_error if libvirt refuses
  /// to register its event implementation.
  static std::shared_ptr<LibvirtEventLoop> acquire();

  LibvirtEventLoop(const LibvirtEventLoop&) = delete;
  LibvirtEventLoop& operator=(const LibvirtEventLoop&) = delete;
  ~LibvirtEventLoop();

 private:
  LibvirtEventLoop();
  void run();

  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace stacksim::live
