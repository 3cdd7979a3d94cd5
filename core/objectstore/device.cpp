#include "core/objectstore/device.hpp"

#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {
std::string bracket_ipv6(const std::string& ip) {
  return ip.find(':') != std::string::npos ? cat('[', ip, ']') : ip;
}
}  // namespace

std::string format_device(const Device& dev) {
  return cat('d', dev.id, 'r', dev.region, 'z', dev.zone, '-', bracket_ipv6(dev.ip), ':', dev.port,
             'R', bracket_ipv6(dev.replication_ip), ':', dev.replication_port, '/', dev.device,
             "_\"", dev.meta, '"');
}

std::string pretty_device(const Device& dev) {
  return cat('r', dev.region, 'z', dev.zone, '-', dev.ip, '/', dev.device);
}

}  // namespace stacksim::objectstore
