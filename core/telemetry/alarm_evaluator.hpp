#pragma once
// Aodh's threshold rule: the last `evaluation_periods` statistics of the alarm's meter, each over
// `period`, ending at the evaluation time. All breaching: alarm; none breaching: ok; fewer
// periods with samples than required: insufficient data; a mix: the state stays (Aodh's "trending"
// case, which keeps the current state).

#include <optional>
#include <string>
#include <vector>

#include "core/telemetry/alarm.hpp"
#include "core/telemetry/meter_store.hpp"

namespace stacksim::telemetry {

struct AlarmVerdict {
  AlarmState state = AlarmState::insufficient_data;
  std::string reason;
};

/// nullopt: the evidence is mixed and the alarm keeps its state.
std::optional<AlarmVerdict> evaluate_threshold(const AlarmDefinition& alarm,
                                               const MeterStore& meters, runtime::TimePoint now);

}  // namespace stacksim::telemetry
