#include "core/api/quota_set_update.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace stacksim::api {

void update_quota_limits(identity::QuotaEngine& quotas, const std::string& project_id,
                         const JsonView& quota_set, std::span<const char* const> resources) {
  std::vector<std::pair<const char*, std::int64_t>> changes;
  for (const char* resource : resources) {
    if (const auto limit = quota_set.optional_integer(resource)) {
      if (*limit < -1) throw quota_set.error(resource, std::to_string(*limit) + " is less than -1");
      changes.emplace_back(resource, *limit);
    }
  }
  for (const auto& [resource, limit] : changes)
    quotas.set_limit(project_id, resource, limit);
}

}  // namespace stacksim::api
