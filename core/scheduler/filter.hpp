#pragma once
// The filter plugin interface. A filter gets the hosts still in the running (in list order) and
// removes those that fail; order must be kept. Filters are instantiated per Scheduler, so they may
// cache derived data (keyed on HostStates::description_version / Aggregates::version).

#include <string_view>
#include <vector>

#include "core/scheduler/request_context.hpp"

namespace stacksim::scheduler {

class Filter {
 public:
  virtual ~Filter() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// Nova's run_filter_once_per_request: skipped for every instance after the first.
  [[nodiscard]] virtual bool run_filter_once_per_request() const { return false; }
  virtual void filter(const RequestContext& ctx, std::vector<HostId>& hosts) = 0;
};

/// A filter that decides one host at a time (the usual way to write a plugin).
class HostFilter : public Filter {
 public:
  void filter(const RequestContext& ctx, std::vector<HostId>& hosts) final {
    if (!applies(ctx)) return;
    std::erase_if(hosts, [&](HostId host) { return !host_passes(ctx, host); });
  }

 protected:
  /// False when the request cannot fail any host (the filter is skipped).
  virtual bool applies(const RequestContext& /*ctx*/) { return true; }
  virtual bool host_passes(const RequestContext& ctx, HostId host) = 0;
};

/// The built-in filters' base: host_passes is called without a virtual dispatch per host.
template <class Derived>
class StaticHostFilter : public Filter {
 public:
  void filter(const RequestContext& ctx, std::vector<HostId>& hosts) final {
    auto& self = static_cast<Derived&>(*this);
    if (!self.applies(ctx)) return;
    std::erase_if(hosts, [&](HostId host) { return !self.host_passes(ctx, host); });
  }
};

}  // namespace stacksim::scheduler
