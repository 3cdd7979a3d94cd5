#pragma once
// A Nova flavor: the hardware of a server (vCPUs, RAM, root/ephemeral disk, swap), extra specs the
// scheduler matches against hosts and aggregates, and whether every project may use it.

#include <cstdint>
#include <map>
#include <string>

namespace stacksim::compute {

struct Flavor {
  std::string id;  // flavorid, e.g. "1" or a UUID
  std::string name;
  int vcpus = 1;
  std::int64_t memory_mb = 512;
  std::int64_t root_gb = 1;
  std::int64_t ephemeral_gb = 0;
  std::int64_t swap_mb = 0;
  double rxtx_factor = 1.0;
  bool is_public = true;
  bool disabled = false;
  std::map<std::string, std::string> extra_specs;
};

}  // namespace stacksim::compute
