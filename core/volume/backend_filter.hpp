#pragma once
// A filter of Cinder's filter scheduler (cinder.scheduler.filters.BaseBackendFilter): a pool
// passes or not for a request.

#include <string_view>

#include "core/volume/pool_state.hpp"
#include "core/volume/request_spec.hpp"

namespace stacksim::volume {

class BackendFilter {
 public:
  BackendFilter() = default;
  BackendFilter(const BackendFilter&) = delete;
  BackendFilter& operator=(const BackendFilter&) = delete;
  virtual ~BackendFilter() = default;

  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  [[nodiscard]] virtual bool backend_passes(const PoolState& pool,
                                            const RequestSpec& request) const = 0;
};

}  // namespace stacksim::volume
