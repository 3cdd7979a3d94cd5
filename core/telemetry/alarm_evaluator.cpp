#include "core/telemetry/alarm_evaluator.hpp"

#include <sstream>

namespace stacksim::telemetry {
namespace {

double pick(const Statistics& s, Statistic statistic) {
  switch (statistic) {
    case Statistic::avg:
      return s.avg;
    case Statistic::min:
      return s.min;
    case Statistic::max:
      return s.max;
    case Statistic::sum:
      return s.sum;
    case Statistic::count:
      return static_cast<double>(s.count);
  }
  return s.avg;
}

}  // namespace

std::optional<AlarmVerdict> evaluate_threshold(const AlarmDefinition& alarm,
                                               const MeterStore& meters, runtime::TimePoint now) {
  StatisticsQuery q;
  q.meter = alarm.meter;
  q.resource_id = alarm.resource_id;
  q.group = alarm.group;
  q.period = alarm.period;
  q.end = now;
  q.start = now - alarm.period * alarm.evaluation_periods;
  const std::vector<Statistics> stats = meters.statistics(q);
  if (static_cast<int>(stats.size()) < alarm.evaluation_periods) {
    std::ostringstream reason;
    reason << stats.size() << " datapoints are unknown (" << alarm.evaluation_periods << " needed)";
    return AlarmVerdict{AlarmState::insufficient_data, reason.str()};
  }
  int breaching = 0;
  double last = 0;
  for (const Statistics& s : stats) {
    last = pick(s, alarm.statistic);
    if (compare(last, alarm.comparison_operator, alarm.threshold)) ++breaching;
  }
  const auto verdict = [&](AlarmState state) {
    std::ostringstream reason;
    reason << "Transition to " << to_string(state) << " due to " << stats.size() << " samples "
           << (breaching == 0 ? "inside" : "outside") << " threshold, most recent: " << last;
    return AlarmVerdict{state, reason.str()};
  };
  if (breaching == static_cast<int>(stats.size())) return verdict(AlarmState::alarm);
  if (breaching == 0) return verdict(AlarmState::ok);
  return std::nullopt;
}

}  // namespace stacksim::telemetry
