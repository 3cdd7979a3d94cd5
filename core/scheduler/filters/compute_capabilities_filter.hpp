#pragma once
// ComputeCapabilitiesFilter: flavor extra specs scoped "capabilities:" (and unscoped keys naming a
// HostState attribute or a stats key) must match the host's value with extra_specs_ops.match.
// Values of descriptive attributes are looked up once per host and cached; match results are
// memoised per distinct value within a request.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/scheduler/extra_specs_ops.hpp"
#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class ComputeCapabilitiesFilter final : public StaticHostFilter<ComputeCapabilitiesFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] bool run_filter_once_per_request() const override { return true; }
  bool applies(const RequestContext& ctx);
  bool host_passes(const RequestContext& ctx, HostId host);

 private:
  /// Per capability path: the interned str() value of each host.
  struct ValueCache {
    std::vector<std::int32_t> value_of_host;  // kUnknown, kNone, kSkip or an index into values
    std::vector<std::string> values;
    std::unordered_map<std::string, std::int32_t> index;
    /// Value id by the host's cpu_info text, so each distinct cpu_info is parsed once.
    std::unordered_map<std::string, std::int32_t> by_cpu_info;
  };
  struct Check {
    ExtraSpecMatcher spec;
    std::vector<std::string> scope;
    bool unscoped = false;
    /// Null for usage attributes, which are read afresh.
    ValueCache* cache = nullptr;
    std::vector<std::int8_t> memo;  // per value index: -1 unknown, 0 fails, 1 passes
  };

  std::int32_t lookup(const RequestContext& ctx, Check& check, HostId host);

  std::map<std::string, ValueCache> caches_;
  std::uint64_t cache_version_ = 0;
  std::vector<Check> checks_;
};

}  // namespace stacksim::scheduler
