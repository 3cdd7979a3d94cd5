#include "live/libvirt_event_loop.hpp"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace stacksim::live {
namespace {

// Mirrors libvirt's own process-wide event implementation: at most one loop thread at a time.
struct LoopRegistry {
  std::mutex mutex;
  std::condition_variable stopped;
  std::weak_ptr<LibvirtEventLoop> current;
  bool running = false;
  bool registered = false;
};

LoopRegistry& registry() {
  static LoopRegistry instance;
  return instance;
}

// Errors reach callers through LibvirtError; libvirt's default handler would also print them.
void ignore_error(void* /*opaque*/, virErrorPtr /*error*/) {
}

}  // namespace

std::shared_ptr<LibvirtEventLoop> LibvirtEventLoop::acquire() {
  LoopRegistry& r = registry();
  std::unique_lock lock(r.mutex);
  if (auto loop = r.current.lock()) return loop;
  r.stopped.wait(lock, [&] { return !r.running; });
  if (!r.registered) {
    virSetErrorFunc(nullptr, ignore_error);
    if (virEventRegisterDefaultImpl() < 0) {
      const virError* error = virGetLastError();
      throw std::runtime_error(
          std::string("cannot register libvirt's event loop: ") +
          (error != nullptr && error->message != nullptr ? error->message : "unknown error"));
    }
    r.registered = true;
  }
  std::shared_ptr<LibvirtEventLoop> loop(new LibvirtEventLoop());
  r.running = true;
  r.current = loop;
  return loop;
}

LibvirtEventLoop::LibvirtEventLoop() : thread_([this] { run(); }) {
}

LibvirtEventLoop::~LibvirtEventLoop() {
  stopping_ = true;
  // A zero-period timer makes virEventRunDefaultImpl return promptly so the flag is seen.
  const int wake = virEventAddTimeout(
      0, [](int /*timer*/, void* /*opaque*/) {}, nullptr, nullptr);
  thread_.join();
  if (wake >= 0) virEventRemoveTimeout(wake);
  LoopRegistry& r = registry();
  {
    std::lock_guard lock(r.mutex);
    r.running = false;
  }
  r.stopped.notify_all();
}

void LibvirtEventLoop::run() {
  while (!stopping_) {
    if (virEventRunDefaultImpl() < 0) virResetLastError();
  }
}

}  // namespace stacksim::live
