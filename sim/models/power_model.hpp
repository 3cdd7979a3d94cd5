#pragma once
// Host power: states (off, booting, on, shutting down) and a linear idle-to-peak model while on,
// P(u) = idle + (peak - idle) * u for CPU utilisation u in [0, 1]. Booting and shutting down draw a
// constant power, off draws the standby power. Energy (J) is integrated exactly over the integer
// ns clock and accounted per state.

#include <array>
#include <cstddef>
#include <string_view>

#include "core/runtime/time.hpp"

namespace stacksim::sim {

enum class PowerState : std::size_t { off, booting, on, shutting_down };
inline constexpr std::size_t power_state_count = 4;

std::string_view to_string(PowerState state) noexcept;

struct PowerProfile {
  double off_watts = 5;     // standby (BMC)
  double idle_watts = 100;  // on, utilisation 0
  double peak_watts = 250;  // on, utilisation 1
  double booting_watts = 150;
  double shutting_down_watts = 120;
};

class HostPower {
 public:
  /// Starts in `state` at `now` with utilisation 0. Throws on an inconsistent profile.
  HostPower(PowerProfile profile, PowerState state, runtime::TimePoint now);

  /// State changes must go forward in time; an illegal transition (e.g. off -> on without
  /// booting) throws std::logic_error naming both states.
  void set_state(PowerState state, runtime::TimePoint now);
  /// CPU utilisation while on, clamped to [0, 1].
  void set_utilisation(double utilisation, runtime::TimePoint now);

  [[nodiscard]] PowerState state() const noexcept { return state_; }
  [[nodiscard]] double watts() const noexcept;
  /// Energy (J) spent in `state` up to `now` (>= the last change).
  [[nodiscard]] double energy(PowerState state, runtime::TimePoint now) const;
  [[nodiscard]] double total_energy(runtime::TimePoint now) const;

 private:
  void accrue(runtime::TimePoint now);

  PowerProfile profile_;
  PowerState state_;
  double utilisation_ = 0;
  runtime::TimePoint since_;
  std::array<double, power_state_count> joules_{};
};

}  // namespace stacksim::sim
