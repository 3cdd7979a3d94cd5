#pragma once
// An Aodh threshold alarm: a statistic of a meter over `period`, compared with a threshold; the
// alarm changes state only when `evaluation_periods` consecutive periods agree. Actions are URLs
// whose scheme picks the notifier (Aodh's design): e.g. "heat://<stack>/<policy>" signals a
// scaling policy.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/time.hpp"

namespace stacksim::telemetry {

enum class AlarmState { insufficient_data, ok, alarm };
enum class ComparisonOperator { lt, le, eq, ne, ge, gt };
enum class Statistic { avg, min, max, sum, count };

/// Aodh's spellings: "insufficient data", "ok", "alarm"; "lt".."gt"; "avg".."count".
std::string_view to_string(AlarmState state) noexcept;
std::string_view to_string(ComparisonOperator op) noexcept;
std::string_view to_string(Statistic statistic) noexcept;
/// nullopt for an unknown name.
std::optional<AlarmState> parse_alarm_state(std::string_view text);
std::optional<ComparisonOperator> parse_comparison_operator(std::string_view text);
std::optional<Statistic> parse_statistic(std::string_view text);

bool compare(double value, ComparisonOperator op, double threshold) noexcept;

struct AlarmDefinition {
  std::string name;
  std::string meter;
  Statistic statistic = Statistic::avg;
  ComparisonOperator comparison_operator = ComparisonOperator::gt;
  double threshold = 0;
  runtime::Duration period = std::chrono::seconds(60);
  int evaluation_periods = 1;
  std::optional<std::string> resource_id;  // one resource, or
  std::optional<std::string> group;        // the members of a resource group; neither: all
  std::vector<std::string> alarm_actions;
  std::vector<std::string> ok_actions;
  std::vector<std::string> insufficient_data_actions;
  bool repeat_actions = false;  // notify at every evaluation in the state, not only on entering it
  bool enabled = true;
};

struct Alarm {
  std::string id;
  AlarmDefinition definition;
  AlarmState state = AlarmState::insufficient_data;
  runtime::TimePoint state_timestamp{};
};

struct AlarmTransition {
  std::string alarm_id;
  runtime::TimePoint timestamp{};
  AlarmState previous = AlarmState::insufficient_data;
  AlarmState state = AlarmState::insufficient_data;
  std::string reason;
};

}  // namespace stacksim::telemetry
