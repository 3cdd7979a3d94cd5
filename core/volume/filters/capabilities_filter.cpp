#include "core/volume/filters/capabilities_filter.hpp"

#include "core/volume/capability_match.hpp"

namespace stacksim::volume {

bool CapabilitiesFilter::backend_passes(const PoolState& pool, const RequestSpec& request) const {
  static constexpr std::string_view scope = "capabilities:";
  for (const auto& [key, req] : request.extra_specs) {
    std::string name = key;
    if (name.starts_with(scope)) {
      name = name.substr(scope.size());
    } else if (name.find(':') != std::string::npos) {
      continue;  // another scope: a vendor's key
    }
    const std::optional<CapabilityValue> value = pool.capability(name);
    if (!value || !capability_matches(*value, req)) return false;
  }
  return true;
}

}  // namespace stacksim::volume
