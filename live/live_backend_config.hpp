#pragma once
// The live backend's part of a scenario ("backend": {"type": "live", ...}; see docs/live.md):
// hosts with their libvirt URIs (or libvirt test-driver node files) and Open vSwitch endpoints,
// the storage pool, reconnection backoff and health-check interval.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live/libvirt_host_config.hpp"
#include "live/libvirt_storage.hpp"
#include "live/ovs_host_config.hpp"

namespace stacksim::live {

/// A bad backend section: the message names the file and the JSON path of the field.
class LiveConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LiveHostConfig {
  std::string name;
  bool compute = true;  // runs instances (has a hypervisor driver)
  std::optional<LibvirtHostConfig> libvirt;
  std::optional<OvsHostConfig> ovs;
};

struct LiveBackendConfig {
  std::vector<LiveHostConfig> hosts;
  std::optional<StorageConfig> storage;
  unsigned blocking_threads = 4;
  runtime::Duration health_interval = runtime::from_seconds(5);
};

/// Reads and validates the section. Relative node files resolve against the scenario's directory;
/// unknown keys are errors.
LiveBackendConfig read_live_backend_config(const nlohmann::json& section, const std::string& file,
                                           const std::string& json_path);

}  // namespace stacksim::live
