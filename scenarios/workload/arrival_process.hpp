#pragma once
// When requests arrive: a point process over simulated seconds. Each arrival brings batch_size()
// instances (1 except for batch generators).

#include <cstdint>
#include <memory>
#include <optional>

#include "core/runtime/random.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  /// Seconds from `now` to the next arrival (the first when `first`), or nullopt when there are
  /// no more. A delay, not a time, so that the engine adds it in integer nanoseconds.
  virtual std::optional<double> next(double now, bool first, runtime::Random& rng) = 0;
  [[nodiscard]] virtual std::int64_t batch_size() const { return 1; }
};

std::unique_ptr<ArrivalProcess> make_arrival_process(const GeneratorSpec& spec);

}  // namespace stacksim::scenarios
