#pragma once
// What a backend tells the control plane on its own initiative: a host or link went down, an
// instance crashed or stopped outside the control plane's request. Both backends emit these.

#include <functional>
#include <string>
#include <string_view>

#include "core/runtime/time.hpp"

namespace stacksim::runtime {

enum class BackendEventKind {
  host_down,
  host_up,
  link_down,
  link_up,
  disk_down,
  disk_up,
  instance_crashed,
  instance_stopped,  // powered off outside a control-plane request
  instance_started,
  instance_suspended,
  instance_resumed,
  instance_deleted,  // vanished from the hypervisor
};

std::string_view to_string(BackendEventKind kind) noexcept;

struct BackendEvent {
  BackendEventKind kind;
  TimePoint time;
  std::string host;      // hypervisor host name, or empty
  std::string resource;  // instance uuid, link id or disk id, or empty
  std::string detail;    // human-readable cause
};

using BackendEventSink = std::function<void(const BackendEvent&)>;

}  // namespace stacksim::runtime
