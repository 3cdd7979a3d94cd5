#include "live/event_relay.hpp"

#include <utility>

namespace stacksim::live {

void EventRelay::subscribe(runtime::BackendEventSink sink) {
  sinks_.push_back(std::move(sink));
}

void EventRelay::emit(runtime::BackendEvent event) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  executor_.post(
      [self = shared_from_this(), event = std::move(event)]() mutable { self->deliver(event); });
}

void EventRelay::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

void EventRelay::deliver(runtime::BackendEvent& event) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
  }
  event.time = executor_.now();
  for (const runtime::BackendEventSink& sink : sinks_)
    sink(event);
}

}  // namespace stacksim::live
