#pragma once
// The weigher plugin interface (nova.weights.BaseWeigher). A weigher writes one raw value per
// host; the pipeline clamps to minval/maxval, normalises over the hosts being weighed, multiplies
// by the per-host multiplier and adds the score to each host's total.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/scheduler/request_context.hpp"

namespace stacksim::scheduler {

/// How a weigher's multiplier is found: the configuration option (also the aggregate metadata key
/// that overrides it per host), its default, and whether Nova negates it.
struct MultiplierOption {
  /// Empty: BaseWeigher's constant 1.0.
  std::string name;
  double default_value = 1.0;
  bool negated = false;
};

class Weigher {
 public:
  virtual ~Weigher() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// Raw values below minval (above maxval) are clamped, and minval/maxval replace the observed
  /// minimum/maximum in normalisation.
  [[nodiscard]] virtual std::optional<double> minval() const { return std::nullopt; }
  [[nodiscard]] virtual std::optional<double> maxval() const { return std::nullopt; }
  [[nodiscard]] virtual MultiplierOption multiplier_option() const { return {}; }
  /// Writes raw[i] for hosts[i]. May return false to say every value is 0 for this request.
  virtual bool weigh(const RequestContext& ctx, std::span<const HostId> hosts,
                     std::span<double> raw) = 0;
};

}  // namespace stacksim::scheduler
