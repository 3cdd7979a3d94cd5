// ring-placement RING.gz --prefix P --suffix S [--unmounted ID]... [--unreachable IP]...
//                [--objects N] [--request-node-count N]
// Prints one JSON line per object AUTH_test/c/o<i>: its partition, the devices a PUT writes
// (put) and the devices a GET tries in order (get), as stacksim's proxy chooses them.

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "core/objectstore/object_controller.hpp"

namespace {

std::vector<int> ids(const std::vector<stacksim::objectstore::RingNode>& nodes) {
  std::vector<int> out;
  for (const auto& n : nodes)
    out.push_back(n.device.id);
  return out;
}

int usage() {
  std::fprintf(stderr,
               "usage: ring-placement RING.gz --prefix P --suffix S [--unmounted ID]... "
               "[--unreachable IP]... [--objects N] [--request-node-count N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace stacksim::objectstore;
  std::string ring_file;
  HashPathConfig salt;
  NodeHealth health;
  NodeIterOptions options;
  int objects = 100;
  try {
    for (int i = 1; i < argc; ++i) {
      const bool has_value = i + 1 < argc;
      if (std::strcmp(argv[i], "--prefix") == 0 && has_value) {
        salt.prefix = std::string(argv[++i]);
      } else if (std::strcmp(argv[i], "--suffix") == 0 && has_value) {
        salt.suffix = std::string(argv[++i]);
      } else if (std::strcmp(argv[i], "--unmounted") == 0 && has_value) {
        health.unmounted_devices.insert(std::stoi(argv[++i]));
      } else if (std::strcmp(argv[i], "--unreachable") == 0 && has_value) {
        health.unreachable_ips.insert(std::string(argv[++i]));
      } else if (std::strcmp(argv[i], "--objects") == 0 && has_value) {
        objects = std::stoi(argv[++i]);
      } else if (std::strcmp(argv[i], "--request-node-count") == 0 && has_value) {
        options.request_node_count = std::stoul(argv[++i]);
      } else if (ring_file.empty() && argv[i][0] != '-') {
        ring_file = std::string(argv[i]);
      } else {
        return usage();
      }
    }
    if (ring_file.empty()) return usage();
    const Ring ring = Ring::load(ring_file, salt);
    const ObjectController proxy(ring, health, {}, options);
    std::string out;
    for (int i = 0; i < objects; ++i) {
      std::string object("o");
      object += std::to_string(i);  // not "o" + ...: GCC 12 -O3 warns falsely (-Wrestrict)
      const ObjectPath path{"AUTH_test", "c", std::move(object)};
      const ObjectPlacement put = proxy.put_nodes(path);
      const nlohmann::json line = {{"object", path.object},
                                   {"part", put.partition},
                                   {"put", ids(put.nodes)},
                                   {"get", ids(proxy.get_nodes(path).nodes)}};
      out += line.dump() + "\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ring-placement: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
