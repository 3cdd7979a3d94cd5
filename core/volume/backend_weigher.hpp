#pragma once
// A weigher of Cinder's filter scheduler (cinder.scheduler.weights.BaseHostWeigher): a raw weight
// per pool; the scheduler normalises each weigher's weights to [0, 1] over the candidates and adds
// them times the weigher's multiplier.

#include <string_view>

#include "core/volume/pool_state.hpp"
#include "core/volume/request_spec.hpp"

namespace stacksim::volume {

class BackendWeigher {
 public:
  BackendWeigher() = default;
  BackendWeigher(const BackendWeigher&) = delete;
  BackendWeigher& operator=(const BackendWeigher&) = delete;
  virtual ~BackendWeigher() = default;

  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  [[nodiscard]] virtual double multiplier() const noexcept = 0;
  [[nodiscard]] virtual double weigh(const PoolState& pool, const RequestSpec& request) const = 0;
};

}  // namespace stacksim::volume
