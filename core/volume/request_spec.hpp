#pragma once
// What the volume scheduler is asked (Cinder's request_spec and filter_properties): the size, the
// volume type's extra specs, the requested availability zone and, for an extend, the new size.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace stacksim::volume {

struct RequestSpec {
  std::string volume_id;
  std::int64_t size = 0;
  /// Set for an extend: the filter then asks for new_size - size more.
  std::optional<std::int64_t> new_size;
  std::map<std::string, std::string> extra_specs;
  std::string availability_zone;  // empty: any zone

  /// False when the type asks for thick provisioning (extra spec provisioning:type=thick).
  [[nodiscard]] bool thin() const {
    auto it = extra_specs.find("provisioning:type");
    return it == extra_specs.end() || it->second != "thick";
  }
};

}  // namespace stacksim::volume
