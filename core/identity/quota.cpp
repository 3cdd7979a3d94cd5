#include "core/identity/quota.hpp"

#include <limits>

namespace stacksim::identity {

std::int64_t QuotaUsage::headroom() const noexcept {
  if (limit < 0) return std::numeric_limits<std::int64_t>::max();
  return limit - in_use - reserved;
}

QuotaExceeded::QuotaExceeded(std::vector<QuotaOver> overs)
    : ServiceError("QuotaExceeded", 403, describe(overs)), overs_(std::move(overs)) {
}

std::string QuotaExceeded::describe(const std::vector<QuotaOver>& overs) {
  std::string names, requested, used, allowed;
  for (const QuotaOver& o : overs) {
    if (!names.empty()) {
      for (std::string* field : {&names, &requested, &used, &allowed})
        field->append(", ");
    }
    names.append(o.resource);
    requested.append(o.requested);
    used.append(std::to_string(o.used));
    allowed.append(std::to_string(o.allowed));
  }
  return "Quota exceeded for " + names + ": Requested " + requested + ", but already used " + used +
         " of " + allowed + " " + names;
}

}  // namespace stacksim::identity
