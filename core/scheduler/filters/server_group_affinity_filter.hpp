#pragma once
// ServerGroupAffinityFilter (policy affinity): once any group member is placed, only the hosts of
// group members pass (group.hosts, which grows within a multi-create request).

#include "core/scheduler/filter.hpp"

namespace stacksim::scheduler {

class ServerGroupAffinityFilter final : public StaticHostFilter<ServerGroupAffinityFilter> {
 public:
  [[nodiscard]] std::string_view name() const override;
  bool applies(const RequestContext& ctx) const;
  bool host_passes(const RequestContext& ctx, HostId host) const;
};

}  // namespace stacksim::scheduler
