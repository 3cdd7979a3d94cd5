#pragma once
// Quota vocabulary: the per-project resources and the error for going over a limit, with Nova's
// message ("Quota exceeded for cores: Requested 4, but already used 20 of 20 cores").

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/service_error.hpp"

namespace stacksim::identity {

/// The resources a project's quota limits. A limit of -1 means unlimited.
inline constexpr std::array<std::string_view, 9> quota_resources = {
    "instances", "cores",    "ram",   "volumes",     "gigabytes",
    "snapshots", "networks", "ports", "floating_ips"};

/// Amounts by resource (ordered by name, so messages and checks are deterministic).
using QuotaDeltas = std::map<std::string, std::int64_t>;

struct QuotaUsage {
  std::int64_t limit = -1;
  std::int64_t in_use = 0;
  std::int64_t reserved = 0;

  /// What may still be reserved; INT64_MAX when unlimited.
  [[nodiscard]] std::int64_t headroom() const noexcept;
};

/// One resource that a request would take over its limit.
struct QuotaOver {
  std::string resource;
  std::string requested;  // text, so Nova's "1-3" instance ranges fit
  std::int64_t used = 0;  // in use + reserved
  std::int64_t allowed = 0;
};

/// QuotaExceeded (403), Nova's TooManyInstances wording generalised to every resource:
/// "Quota exceeded for <r1>, <r2>: Requested <q1>, <q2>, but already used <u1>, <u2> of <a1>, <a2>
/// <r1>, <r2>" with resources sorted by name.
class QuotaExceeded : public runtime::ServiceError {
 public:
  explicit QuotaExceeded(std::vector<QuotaOver> overs);
  [[nodiscard]] const std::vector<QuotaOver>& overs() const noexcept { return overs_; }

 private:
  static std::string describe(const std::vector<QuotaOver>& overs);
  std::vector<QuotaOver> overs_;
};

}  // namespace stacksim::identity
