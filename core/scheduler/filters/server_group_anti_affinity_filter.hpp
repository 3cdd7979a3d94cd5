#pragma once
// ServerGroupAntiAffinityFilter (policy anti-affinity): a host passes when the instance is already
// on it, or when fewer than rules.max_server_per_host (default 1) group members are on it. Runs
// for every instance of a request, so members placed earlier in the request count.

#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class ServerGroupAntiAffinityFilter final : public StaticHostFilter<ServerGroupAntiAffinityFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  bool applies(const RequestContext& ctx) const;
  bool host_passes(const RequestContext& ctx, HostId host) const;
};

}  // namespace stacksim::scheduler
