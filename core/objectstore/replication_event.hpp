#pragma once
// What changes under the object replicator: devices unmounted (data kept) or failed (data lost),
// object servers unreachable and back, and rebalances that install a new ring.

#include <optional>
#include <string>
#include <string_view>

#include "core/objectstore/ring_data.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::objectstore {

enum class ReplicationEventKind {
  device_unmounted,  // answers 507; its data comes back when mounted again
  device_mounted,
  device_failed,  // the disk is lost with its data; mounted again later it starts empty
  server_down,    // every device of the server ip unreachable
  server_up,
  rebalance,  // `ring` becomes the object ring
};

std::string_view to_string(ReplicationEventKind kind) noexcept;

struct ReplicationEvent {
  runtime::TimePoint time{};
  ReplicationEventKind kind = ReplicationEventKind::device_unmounted;
  int device = -1;               // device_* events: ring device id
  std::string server_ip;         // server_* events: the server's ring ip
  std::optional<RingData> ring;  // rebalance: the new ring (same part power)
};

}  // namespace stacksim::objectstore
