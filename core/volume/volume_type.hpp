#pragma once
// A volume type (Cinder's volume_types): a name and extra specs the scheduler matches against pool
// capabilities (volume_backend_name, capabilities:..., multiattach "<is> True") or reads itself
// (provisioning:type thin/thick).

#include <map>
#include <string>

namespace stacksim::volume {

/// The type every volume gets when none is asked for and no default is configured (Cinder Train+).
inline constexpr const char* default_volume_type_name = "__DEFAULT__";

struct VolumeType {
  std::string id;
  std::string name;
  std::string description;
  bool is_public = true;
  std::map<std::string, std::string> extra_specs;
};

}  // namespace stacksim::volume
