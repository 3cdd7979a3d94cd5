#include "core/objectstore/device.hpp"

#include <utility>

#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {
std::string bracket_ipv6(const std::string& ip) {
  return ip.find(':') != std::string::npos ? cat('[', ip, ']') : ip;
}
}  // namespace

Device make_device(int region, int zone, std::string ip, int port, std::string device,
                   double weight) {
  Device d;
  d.region = region;
  d.zone = zone;
  d.replication_ip = ip;
  d.ip = std::move(ip);
  d.port = port;
  d.replication_port = port;
  d.device = std::move(device);
  d.weight = weight;
  return d;
}

std::string format_device(const Device& dev) {
  return cat('d', dev.id, 'r', dev.region, 'z', dev.zone, '-', bracket_ipv6(dev.ip), ':', dev.port,
             'R', bracket_ipv6(dev.replication_ip), ':', dev.replication_port, '/', dev.device,
             "_\"", dev.meta, '"');
}

std::string pretty_device(const Device& dev) {
  return cat('r', dev.region, 'z', dev.zone, '-', dev.ip, '/', dev.device);
}

}  // namespace stacksim::objectstore
