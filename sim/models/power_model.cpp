#include "sim/models/power_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace stacksim::sim {

std::string_view to_string(PowerState state) noexcept {
  switch (state) {
    case PowerState::off:
      return "off";
    case PowerState::booting:
      return "booting";
    case PowerState::on:
      return "on";
    case PowerState::shutting_down:
      return "shutting down";
  }
  return "unknown";
}

HostPower::HostPower(PowerProfile profile, PowerState state, runtime::TimePoint now)
    : profile_(profile), state_(state), since_(now) {
  const double values[] = {profile.off_watts, profile.idle_watts, profile.peak_watts,
                           profile.booting_watts, profile.shutting_down_watts};
  if (std::any_of(std::begin(values), std::end(values), [](double w) { return !(w >= 0); })) {
    throw std::invalid_argument("power profile: every power must be >= 0 W");
  }
  if (profile.peak_watts < profile.idle_watts) {
    throw std::invalid_argument("power profile: peak power (" + std::to_string(profile.peak_watts) +
                                " W) is below idle power (" + std::to_string(profile.idle_watts) +
                                " W)");
  }
}

double HostPower::watts() const noexcept {
  switch (state_) {
    case PowerState::off:
      return profile_.off_watts;
    case PowerState::booting:
      return profile_.booting_watts;
    case PowerState::on:
      return profile_.idle_watts + (profile_.peak_watts - profile_.idle_watts) * utilisation_;
    case PowerState::shutting_down:
      return profile_.shutting_down_watts;
  }
  return 0;
}

void HostPower::accrue(runtime::TimePoint now) {
  if (now < since_) throw std::logic_error("power accounting cannot go back in time");
  joules_[static_cast<std::size_t>(state_)] += watts() * runtime::to_seconds(now - since_);
  since_ = now;
}

void HostPower::set_state(PowerState state, runtime::TimePoint now) {
  // The power cycle: off -> booting -> on -> shutting down -> off; a crash may cut power anywhere.
  const bool legal = state == state_ || state == PowerState::off ||
                     (state_ == PowerState::off && state == PowerState::booting) ||
                     (state_ == PowerState::booting && state == PowerState::on) ||
                     (state_ == PowerState::on && state == PowerState::shutting_down);
  if (!legal) {
    throw std::logic_error("illegal power transition " + std::string(to_string(state_)) + " -> " +
                           std::string(to_string(state)));
  }
  accrue(now);
  state_ = state;
}

void HostPower::set_utilisation(double utilisation, runtime::TimePoint now) {
  accrue(now);
  utilisation_ = std::clamp(utilisation, 0.0, 1.0);
}

double HostPower::energy(PowerState state, runtime::TimePoint now) const {
  if (now < since_) throw std::logic_error("power accounting cannot go back in time");
  double joules = joules_[static_cast<std::size_t>(state)];
  if (state == state_) joules += watts() * runtime::to_seconds(now - since_);
  return joules;
}

double HostPower::total_energy(runtime::TimePoint now) const {
  double total = 0;
  for (std::size_t s = 0; s < power_state_count; ++s)
    total += energy(static_cast<PowerState>(s), now);
  return total;
}

}  // namespace stacksim::sim
