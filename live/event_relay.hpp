#pragma once
// Carries backend events from the threads that observe them (libvirt's event loop, blocking-call
// workers) to the control plane's executor, where every subscriber runs. Shared-owned so an event
// posted just before shutdown never touches a destroyed relay.

#include <memory>
#include <mutex>
#include <vector>

#include "core/runtime/backend_event.hpp"
#include "core/runtime/executor.hpp"

namespace stacksim::live {

class EventRelay : public std::enable_shared_from_this<EventRelay> {
 public:
  explicit EventRelay(runtime::Executor& executor) : executor_(executor) {}

  /// Adds a subscriber; call on the executor's thread (or before it runs).
  void subscribe(runtime::BackendEventSink sink);
  /// Thread-safe: posts `event` to the executor, which stamps its time and hands it to every
  /// subscriber. Dropped once the relay is closed.
  void emit(runtime::BackendEvent event);
  /// Stops delivery; thread-safe and idempotent.
  void close();

 private:
  void deliver(runtime::BackendEvent& event);

  runtime::Executor& executor_;
  std::mutex mutex_;
  bool closed_ = false;
  std::vector<runtime::BackendEventSink> sinks_;  // touched only on the executor's thread
};

}  // namespace stacksim::live
