#include "core/scheduler/filters/compute_capabilities_filter.hpp"

#include <charconv>

#include "core/scheduler/host_capabilities.hpp"

namespace stacksim::scheduler {
namespace {

constexpr std::int32_t kUnknown = -3;
constexpr std::int32_t kSkip = -2;
constexpr std::int32_t kNone = -1;

std::vector<std::string> split_colons(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = key.find(':', start);
    parts.push_back(key.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return parts;
}

}  // namespace

std::string_view ComputeCapabilitiesFilter::name() const {
  return "ComputeCapabilitiesFilter";
}

bool ComputeCapabilitiesFilter::applies(const RequestContext& ctx) {
  if (cache_version_ != ctx.hosts.description_version) {
    caches_.clear();
    cache_version_ = ctx.hosts.description_version;
  }
  checks_.clear();
  for (const auto& [key, spec] : ctx.spec.flavor.extra_specs) {
    std::vector<std::string> scope = split_colons(key);
    const bool unscoped = scope.size() == 1;
    if (!unscoped) {
      if (scope.front() != "capabilities") continue;
      scope.erase(scope.begin());
    }
    Check check{ExtraSpecMatcher(spec), std::move(scope), unscoped, nullptr, {}};
    if (!is_usage_attribute(check.scope.front())) {
      ValueCache& cache = caches_[key];
      if (cache.value_of_host.size() < ctx.hosts.size()) {
        cache.value_of_host.resize(ctx.hosts.size(), kUnknown);
      }
      check.cache = &cache;
      check.memo.assign(cache.values.size(), -1);
    }
    checks_.push_back(std::move(check));
  }
  return !checks_.empty();
}

std::int32_t ComputeCapabilitiesFilter::lookup(const RequestContext& ctx, Check& check,
                                               HostId host) {
  const auto compute = [&]() -> std::optional<std::string> {
    return host_capability(ctx.hosts, host, check.scope);
  };
  const auto relevant = [&] {
    // An unscoped key is checked only if the HostState has such an attribute or stat.
    return !check.unscoped || is_host_state_attribute(check.scope.front()) ||
           ctx.hosts.stats[host].contains(check.scope.front());
  };
  if (check.cache == nullptr) {
    // A usage attribute: an integer read afresh (these are always HostState attributes).
    if (check.scope.size() == 1) {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits,
                                     integer_attribute(ctx.hosts, host, check.scope.front()));
      return check.spec.matches(
                 std::string_view(digits, static_cast<std::size_t>(end.ptr - digits)))
                 ? 1
                 : 0;
    }
    if (!relevant()) return kSkip;
    const std::optional<std::string> value = compute();
    if (!value) return kNone;
    return check.spec.matches(*value) ? 1 : 0;
  }
  ValueCache& cache = *check.cache;
  std::int32_t& id = cache.value_of_host[host];
  const std::optional<std::string>& cpu_info = ctx.hosts.cpu_info[host];
  const bool by_cpu_info = check.scope.size() > 1 && check.scope.front() == "cpu_info" && cpu_info;
  if (id == kUnknown && by_cpu_info) {
    if (auto it = cache.by_cpu_info.find(*cpu_info); it != cache.by_cpu_info.end()) id = it->second;
  }
  if (id == kUnknown) {
    if (!relevant()) {
      id = kSkip;
    } else if (std::optional<std::string> value = compute()) {
      auto [it, inserted] =
          cache.index.try_emplace(*value, static_cast<std::int32_t>(cache.values.size()));
      if (inserted) cache.values.push_back(*value);
      id = it->second;
    } else {
      id = kNone;
    }
    if (by_cpu_info) cache.by_cpu_info.emplace(*cpu_info, id);
  }
  if (id < 0) return id;
  if (check.memo.size() < cache.values.size()) check.memo.resize(cache.values.size(), -1);
  std::int8_t& memo = check.memo[static_cast<std::size_t>(id)];
  if (memo < 0) memo = check.spec.matches(cache.values[static_cast<std::size_t>(id)]) ? 1 : 0;
  return memo;
}

bool ComputeCapabilitiesFilter::host_passes(const RequestContext& ctx, HostId host) {
  for (Check& check : checks_) {
    const std::int32_t outcome = lookup(ctx, check, host);
    if (outcome == kSkip) continue;
    if (outcome == kNone || outcome == 0) return false;
  }
  return true;
}

}  // namespace stacksim::scheduler
