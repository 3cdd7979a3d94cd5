#include "core/telemetry/alarm.hpp"

#include <array>
#include <utility>

namespace stacksim::telemetry {
namespace {

constexpr std::array<std::pair<AlarmState, std::string_view>, 3> state_names{{
    {AlarmState::insufficient_data, "insufficient data"},
    {AlarmState::ok, "ok"},
    {AlarmState::alarm, "alarm"},
}};
constexpr std::array<std::pair<ComparisonOperator, std::string_view>, 6> operator_names{{
    {ComparisonOperator::lt, "lt"},
    {ComparisonOperator::le, "le"},
    {ComparisonOperator::eq, "eq"},
    {ComparisonOperator::ne, "ne"},
    {ComparisonOperator::ge, "ge"},
    {ComparisonOperator::gt, "gt"},
}};
constexpr std::array<std::pair<Statistic, std::string_view>, 5> statistic_names{{
    {Statistic::avg, "avg"},
    {Statistic::min, "min"},
    {Statistic::max, "max"},
    {Statistic::sum, "sum"},
    {Statistic::count, "count"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& names,
                          std::string_view text) {
  for (const auto& [v, name] : names)
    if (name == text) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AlarmState state) noexcept {
  return name_of(state_names, state);
}
std::string_view to_string(ComparisonOperator op) noexcept {
  return name_of(operator_names, op);
}
std::string_view to_string(Statistic statistic) noexcept {
  return name_of(statistic_names, statistic);
}
std::optional<AlarmState> parse_alarm_state(std::string_view text) {
  return value_of(state_names, text);
}
std::optional<ComparisonOperator> parse_comparison_operator(std::string_view text) {
  return value_of(operator_names, text);
}
std::optional<Statistic> parse_statistic(std::string_view text) {
  return value_of(statistic_names, text);
}

bool compare(double value, ComparisonOperator op, double threshold) noexcept {
  switch (op) {
    case ComparisonOperator::lt:
      return value < threshold;
    case ComparisonOperator::le:
      return value <= threshold;
    case ComparisonOperator::eq:
      return value == threshold;
    case ComparisonOperator::ne:
      return value != threshold;
    case ComparisonOperator::ge:
      return value >= threshold;
    case ComparisonOperator::gt:
      return value > threshold;
  }
  return false;
}

}  // namespace stacksim::telemetry
