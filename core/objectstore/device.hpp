#pragma once
// A storage device in a ring: where it is (region, zone, server ip:port, disk name), how much it
// should hold (weight) and, inside the builder, how many partition-replicas it holds and wants.

#include <cstdint>
#include <string>

namespace stacksim::objectstore {

/// Swift keeps device ids below 65535: 0xffff marks an unassigned partition-replica.
inline constexpr std::uint16_t kNoneDev = 0xffff;

struct Device {
  int id = -1;  // -1: the builder assigns the first free id
  int region = 1;
  int zone = 0;
  std::string ip;
  int port = 0;
  std::string replication_ip;
  int replication_port = 0;
  std::string device;  // name on disk, e.g. sdb1
  double weight = 0;
  std::string meta;
  // Python keeps the weight of a device marked for removal as the int 0, and ring files written
  // before the next rebalance say `"weight": 0`; kept so our files match Swift's byte for byte.
  bool weight_is_int = false;
  // Builder bookkeeping: partition-replicas held and still wanted (negative: overweight). Swift
  // stores parts_wanted as a float for drained devices (-parts * replicas), so it is a double.
  std::int64_t parts = 0;
  double parts_wanted = 0;
};

/// The device `swift-ring-builder add r<region>z<zone>-<ip>:<port>/<device> <weight>` adds:
/// replication ip and port equal to ip and port, no meta, id assigned by the builder.
Device make_device(int region, int zone, std::string ip, int port, std::string device,
                   double weight);

/// swift-ring-builder's device string: d1r1z2-10.0.0.2:6200R10.0.0.2:6200/sdb1_"meta".
std::string format_device(const Device& dev);
/// Swift's pretty_dev: r1z2-10.0.0.2/sdb1.
std::string pretty_device(const Device& dev);

}  // namespace stacksim::objectstore
